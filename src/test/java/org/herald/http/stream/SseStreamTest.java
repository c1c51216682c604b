package org.herald.http.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.herald.domain.Affiliation;
import org.herald.domain.Jid;
import org.herald.testsupport.HttpTokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SseStreamTest extends StreamTestBase {
    @Inject
    HttpTokens tokens;

    @Inject
    InProcessNodeBus bus;

    @Test
    void publishedItemsArriveAsEventsWithTheirSequenceNumbersAsIds() {
        String node = fx.node("sse-live");
        try (SseClient sse = SseClient.open(fx.events(node, null), Map.of())) {
            assertThat(sse.status).isEqualTo(200);
            assertThat(sse.contentType).startsWith("text/event-stream");
            fx.publish(node, "a");
            fx.publish(node, "b");
            await().atMost(WAIT).until(() -> sse.items().size() == 2);
            assertThat(sse.itemIds()).containsExactly("a", "b");
            SseClient.Event first = sse.items().get(0);
            assertThat(first.json().get("node").asText()).isEqualTo(node);
            assertThat(first.json().get("contentType").asText()).isEqualTo("application/xml");
            assertThat(first.json().get("payload").asText()).contains("<n>a</n>");
            assertThat(first.id()).isEqualTo(first.json().get("seq").asText());
            assertThat(Long.parseLong(sse.items().get(1).id())).isGreaterThan(Long.parseLong(first.id()));
        }
    }

    @Test
    void thePublisherIsNamedOnlyWhereTheNodeShowsPublishersLiveAndOnReplay() {
        // XEP-0060 §7.1.2: pubsub#itemreply decides whether readers learn who published.
        String shown = fx.node("sse-shown", "itemreply", "publisher");
        String hidden = fx.node("sse-hidden", "itemreply", "none");
        fx.publish(shown, "old");
        fx.publish(hidden, "old");
        for (String node : List.of(shown, hidden)) {
            try (SseClient sse = SseClient.open(fx.events(node, "lastEventId=0"), Map.of())) {
                fx.publish(node, "new");
                await().atMost(WAIT).until(() -> sse.items().size() == 2);
                for (SseClient.Event e : sse.items()) {
                    if (node.equals(shown)) {
                        assertThat(e.json().get("publisher").asText()).isEqualTo(StreamFixture.OWNER.toString());
                    } else {
                        assertThat(e.json().path("publisher").isMissingNode() || e.json().get("publisher").isNull()).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void aReconnectionWithLastEventIdGetsExactlyTheMissedItemsInOrderThenLiveOnes() {
        String node = fx.node("sse-resume");
        String last;
        try (SseClient sse = SseClient.open(fx.events(node, null), Map.of())) {
            fx.publish(node, "1");
            fx.publish(node, "2");
            await().atMost(WAIT).until(() -> sse.items().size() == 2);
            last = sse.items().get(1).id();
        }
        List<String> missed = new ArrayList<>();
        for (int i = 3; i <= 7; i++) missed.add(fx.publish(node, Integer.toString(i)));

        try (SseClient again = SseClient.open(fx.events(node, null), Map.of("Last-Event-ID", last))) {
            await().atMost(WAIT).until(() -> again.items().size() == 5);
            assertThat(again.itemIds()).containsExactlyElementsOf(missed);
            fx.publish(node, "8");
            await().atMost(WAIT).until(() -> again.items().size() == 6);
            assertThat(again.itemIds()).containsExactly("3", "4", "5", "6", "7", "8");
            List<Long> ids = again.items().stream().map(e -> Long.parseLong(e.id())).toList();
            assertThat(ids).isSorted().doesNotHaveDuplicates();
        }
        // clients that cannot set headers pass the same cursor as a query parameter
        try (SseClient query = SseClient.open(fx.events(node, "lastEventId=" + last), Map.of())) {
            await().atMost(WAIT).until(() -> query.items().size() == 6);
            assertThat(query.itemIds()).containsExactly("3", "4", "5", "6", "7", "8");
        }
    }

    @Test
    void itemsPublishedWhileTheBacklogIsReplayedAreNeitherLostNorRepeated() {
        String node = fx.node("sse-race", "max_items", "200");
        for (int i = 0; i < 40; i++) fx.publish(node, "old" + i);
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < 40; i++) fx.publish(node, "new" + i);
        });
        try (SseClient sse = SseClient.open(fx.events(node, "lastEventId=0"), Map.of())) {
            publisher.start();
            await().atMost(WAIT).until(() -> sse.items().size() >= 80);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 40; i++) expected.add("old" + i);
            for (int i = 0; i < 40; i++) expected.add("new" + i);
            assertThat(sse.itemIds()).containsExactlyElementsOf(expected);
        } finally {
            try {
                publisher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void heartbeatsArriveOnAnIdleStream() {
        String node = fx.node("sse-heartbeat");
        try (SseClient sse = SseClient.open(fx.events(node, null), Map.of())) {
            int atStart = sse.comments.get(); // the opening comment
            await().atMost(WAIT).until(() -> sse.comments.get() >= atStart + 2);
            assertThat(sse.events).isEmpty();
        }
    }

    @Test
    void refusalsAreProblemDocumentsAsRestWouldAnswer() {
        String closed = fx.node("sse-closed", "access_model", "whitelist");
        // a bad token: 401 with a challenge
        try (SseClient bad = SseClient.open(fx.events(closed, null), Map.of("Authorization", "Bearer hrld_nope"))) {
            assertThat(bad.status).isEqualTo(401);
            assertThat(bad.contentType).startsWith("application/problem+json");
            assertThat(bad.response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }
        // anonymous on a whitelist node: a token might help, so 401
        try (SseClient anonymous = SseClient.open(fx.events(closed, null), Map.of())) {
            assertThat(anonymous.status).isEqualTo(401);
            assertThat(anonymous.body).contains("\"condition\":\"not-allowed\"").contains("closed-node");
        }
        // authenticated but not on the whitelist: 403
        String bob = tokens.issue("bob@localhost");
        try (SseClient stranger = SseClient.open(fx.events(closed, null), Map.of("Authorization", HttpTokens.bearer(bob)))) {
            assertThat(stranger.status).isEqualTo(403);
            assertThat(stranger.contentType).startsWith("application/problem+json");
            assertThat(stranger.body).contains("closed-node");
        }
        // the owner reads it
        String owner = tokens.issue(StreamFixture.OWNER.toString());
        try (SseClient mine = SseClient.open(fx.events(closed, null), Map.of("Authorization", HttpTokens.bearer(owner)))) {
            assertThat(mine.status).isEqualTo(200);
        }
        // no such node: 404
        try (SseClient missing = SseClient.open(fx.events("no/such/node", null), Map.of())) {
            assertThat(missing.status).isEqualTo(404);
            assertThat(missing.body).contains("\"condition\":\"item-not-found\"");
        }
        // a cursor that is not a sequence number: 422 naming it
        try (SseClient cursor = SseClient.open(fx.events(closed, null), Map.of("Last-Event-ID", "abc"))) {
            assertThat(cursor.status).isEqualTo(422);
            assertThat(cursor.body).contains("\"field\":\"Last-Event-ID\"");
        }
    }

    @Test
    void fiftyClientsOfOneNodeShareOneBusSubscriptionAndAllGetTheItem() {
        String node = fx.node("sse-fifty");
        List<SseClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) clients.add(SseClient.open(fx.events(node, null), Map.of()));
            assertThat(clients).allSatisfy(c -> assertThat(c.status).isEqualTo(200));
            assertThat(bus.subscriptions(node)).isEqualTo(1);
            fx.publish(node, "for-all");
            await().atMost(WAIT).until(() -> clients.stream().allMatch(c -> c.items().size() == 1));
            assertThat(clients).allSatisfy(c -> assertThat(c.itemIds()).containsExactly("for-all"));
        } finally {
            clients.forEach(SseClient::close);
        }
        // the last client gone, the node's bus subscription goes too
        await().atMost(WAIT).until(() -> bus.subscriptions(node) == 0);
    }

    @Test
    void anAnonymousReaderIsCutOffWhenTheNodeBecomesWhitelist() {
        String node = fx.node("sse-revoke");
        String owner = tokens.issue(StreamFixture.OWNER.toString());
        try (SseClient anonymous = SseClient.open(fx.events(node, null), Map.of());
             SseClient ownerStream = SseClient.open(fx.events(node, null), Map.of("Authorization", HttpTokens.bearer(owner)))) {
            fx.publish(node, "before");
            await().atMost(WAIT).until(() -> anonymous.items().size() == 1);
            fx.configure(node, "access_model", "whitelist");
            fx.publish(node, "after"); // at once: it must not slip out while the reader's access is re-checked
            await().atMost(WAIT).until(anonymous.ended::get);
            assertThat(anonymous.events).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo("closed");
                assertThat(e.json().get("reason").asText()).isEqualTo("not-allowed");
            });
            await().atMost(WAIT).until(() -> ownerStream.items().size() == 2);
            assertThat(anonymous.itemIds()).containsExactly("before");
            assertThat(ownerStream.ended.get()).isFalse();
        }
        // and it cannot come back
        try (SseClient again = SseClient.open(fx.events(node, null), Map.of())) {
            assertThat(again.status).isEqualTo(401);
        }
    }

    @Test
    void aReaderMadeOutcastIsCutOffWhileOthersCarryOn() {
        String node = fx.node("sse-outcast");
        String bob = tokens.issue("bob@localhost");
        try (SseClient bobs = SseClient.open(fx.events(node, null), Map.of("Authorization", HttpTokens.bearer(bob)));
             SseClient anonymous = SseClient.open(fx.events(node, null), Map.of())) {
            fx.affiliate(node, Jid.parse("bob@localhost"), Affiliation.OUTCAST);
            await().atMost(WAIT).until(bobs.ended::get);
            fx.publish(node, "x");
            await().atMost(WAIT).until(() -> anonymous.items().size() == 1);
            assertThat(bobs.items()).isEmpty();
        }
    }

    @Test
    void retractionsPurgesAndDeletionAreTold() {
        String node = fx.node("sse-admin", "notify_retract", "false", "notify_delete", "false");
        try (SseClient sse = SseClient.open(fx.events(node, null), Map.of())) {
            fx.publish(node, "r1");
            fx.publish(node, "r2");
            await().atMost(WAIT).until(() -> sse.items().size() == 2);
            StreamFixture.await(() -> service.retract(StreamFixture.OWNER, node, List.of("r1"), null));
            await().atMost(WAIT).until(() -> sse.events.stream().anyMatch(e -> e.type().equals("retract")));
            StreamFixture.await(() -> service.purge(StreamFixture.OWNER, node));
            await().atMost(WAIT).until(() -> sse.events.stream().anyMatch(e -> e.type().equals("purge")));
            StreamFixture.await(() -> service.delete(StreamFixture.OWNER, node, null));
            await().atMost(WAIT).until(sse.ended::get);
            List<String> types = sse.events.stream().map(SseClient.Event::type).toList();
            assertThat(types).containsExactly("item", "item", "retract", "purge", "delete");
            assertThat(sse.events.get(2).json().get("ids").get(0).asText()).isEqualTo("r1");
            assertThat(sse.events.get(2).id()).isNull(); // only items move the resume point
        }
    }

    @Test
    void nodeIdsWithSlashesArePercentEncodedAsOneSegment() {
        String node = fx.node("a/b/c");
        URI uri = fx.events(node, null);
        assertThat(uri.getRawPath()).contains("%2F");
        try (SseClient sse = SseClient.open(uri, Map.of())) {
            assertThat(sse.status).isEqualTo(200);
            fx.publish(node, "s");
            await().atMost(WAIT).until(() -> sse.items().size() == 1);
        }
    }
}
