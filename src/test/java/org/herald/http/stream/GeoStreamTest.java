package org.herald.http.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.herald.domain.geo.GeoNames;
import org.herald.service.ItemDraft;
import org.herald.testsupport.HttpTokens;
import org.junit.jupiter.api.Test;

/**
 * Area-filtered streams (issue #7): {@code bbox} or {@code near}+{@code radius} on the SSE and WebSocket streams.
 * Items are published through the core with real XEP-0080 payloads, so the publish path fills the geo changes the
 * streams judge with Crossing.of.
 */
@QuarkusTest
class GeoStreamTest extends StreamTestBase {
    /** Around Munich's old town. */
    private static final String BBOX = "11.56,48.13,11.59,48.15";
    private static final double[] INSIDE = {48.1374, 11.5755};
    private static final double[] INSIDE_2 = {48.1400, 11.5800};
    private static final double[] OUTSIDE = {48.1000, 11.5000};

    @Inject
    HttpTokens tokens;

    @Test
    void aBoxStreamStartsWithTheVehiclesInsideThenTellsOnlyCrossingsOfItsArea() {
        String node = fx.node("geo-sse");
        fix(node, "parked", INSIDE);
        fix(node, "elsewhere", OUTSIDE);
        fix(node, "car", OUTSIDE);

        try (SseClient sse = SseClient.open(fx.events(node, "bbox=" + BBOX), Map.of())) {
            assertThat(sse.status).isEqualTo(200);
            await().atMost(WAIT).until(() -> positions(sse).size() == 1);
            JsonNode parked = positions(sse).get(0).json();
            assertThat(parked.get("key").asText()).isEqualTo("parked");
            assertThat(parked.get("lat").asDouble()).isEqualTo(INSIDE[0]);
            assertThat(parked.get("node").asText()).isEqualTo(node);
            assertThat(positions(sse).get(0).id()).isNull();

            fix(node, "elsewhere", OUTSIDE);        // outside → outside: not told
            fx.publish(node, "no-position");        // no geoloc: nothing an area can place
            fix(node, "car", INSIDE);               // enter
            fix(node, "car", INSIDE_2);             // inside
            fix(node, "car", OUTSIDE);              // leave
            fix(node, "car", OUTSIDE);              // outside again: not told
            fix(node, "parked", INSIDE_2);          // inside: the marker that everything before was judged
            await().atMost(WAIT).until(() -> sse.items().size() == 4);
            List<String> told = sse.items().stream()
                    .map(e -> e.json().get("id").asText() + ":" + e.json().get("geo").get("crossing").asText()).toList();
            assertThat(told).containsExactly("car:enter", "car:inside", "car:leave", "parked:inside");
            JsonNode enter = sse.items().get(0).json();
            assertThat(enter.get("geo").get("key").asText()).isEqualTo("car");
            assertThat(sse.items().get(0).id()).isEqualTo(enter.get("seq").asText()); // still resumable by seq
            assertThat(sse.events).noneMatch(e -> e.data().contains("elsewhere") || e.data().contains("no-position"));
        }
    }

    @Test
    void anAreaStreamResumesFromTheSnapshotNotFromABacklog() {
        String node = fx.node("geo-resume");
        String last;
        try (SseClient sse = SseClient.open(fx.events(node, "bbox=" + BBOX), Map.of())) {
            await().atMost(WAIT).until(() -> sse.comments.get() >= 1); // open
            fix(node, "car", INSIDE);
            await().atMost(WAIT).until(() -> sse.items().size() == 1);
            last = sse.items().get(0).id();
        }
        fix(node, "car", INSIDE_2);   // missed while away
        fix(node, "van", INSIDE);     // missed while away
        try (SseClient again = SseClient.open(fx.events(node, "bbox=" + BBOX), Map.of("Last-Event-ID", last))) {
            assertThat(again.status).isEqualTo(200);
            await().atMost(WAIT).until(() -> positions(again).size() == 2);
            assertThat(positions(again).stream().map(e -> e.json().get("key").asText() + "@" + e.json().get("lat").asDouble()).toList())
                    .containsExactly("car@" + INSIDE_2[0], "van@" + INSIDE[0]);
            fix(node, "van", OUTSIDE);
            await().atMost(WAIT).until(() -> again.items().size() == 1);
            assertThat(again.items().get(0).json().get("geo").get("crossing").asText()).isEqualTo("leave");
            assertThat(Long.parseLong(again.items().get(0).id())).isGreaterThan(Long.parseLong(last));
        }
    }

    @Test
    void aRadiusStreamOverWebSocket() throws Exception {
        String node = fx.node("geo-ws");
        fix(node, "near", INSIDE);
        fix(node, "far", OUTSIDE);
        WebSocketStreamTest.Recorder r = new WebSocketStreamTest.Recorder();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(fx.ws(node, "near=" + INSIDE[0] + "," + INSIDE[1] + "&radius=500"), r).get();
        await().atMost(WAIT).until(() -> r.types().contains("live"));
        assertThat(r.messages.stream().filter(m -> m.get("type").asText().equals("position"))
                .map(m -> m.get("data").get("key").asText()).toList()).containsExactly("near");
        fix(node, "far", INSIDE_2);
        fix(node, "near", OUTSIDE);
        await().atMost(WAIT).until(() -> r.items().size() == 2);
        assertThat(r.items().stream().map(m -> m.get("data").get("geo").get("crossing").asText()).toList())
                .containsExactly("enter", "leave");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get();
    }

    @Test
    void aStaleVehicleInTheAreaIsTold() {
        String node = fx.node("geo-stale");
        StreamFixture.await(() -> service.configure(StreamFixture.OWNER, node, Map.of("herald#stale_after", List.of("1"))));
        try (SseClient sse = SseClient.open(fx.events(node, "bbox=" + BBOX), Map.of())) {
            assertThat(sse.status).isEqualTo(200);
            fix(node, "quiet", INSIDE);
            fix(node, "quiet-outside", OUTSIDE);
            // the sweep runs every herald.geo.stale-sweep
            await().atMost(Duration.ofSeconds(30)).until(() -> sse.events.stream().anyMatch(e -> e.type().equals("stale")));
            JsonNode stale = sse.events.stream().filter(e -> e.type().equals("stale")).findFirst().orElseThrow().json();
            assertThat(stale.get("key").asText()).isEqualTo("quiet");
            assertThat(stale.get("node").asText()).isEqualTo(node);
            assertThat(stale.has("since")).isTrue();
            fix(node, "quiet", INSIDE_2); // active again
            await().atMost(WAIT).until(() -> sse.items().stream().anyMatch(e -> e.json().get("geo").path("active").asBoolean()));
            assertThat(sse.events).noneMatch(e -> e.type().equals("stale") && e.data().contains("quiet-outside"));
        }
    }

    @Test
    void badAreasAndClosedNodesAreRefusedBeforeTheStream() {
        String node = fx.node("geo-bad");
        Map<String, String> cases = Map.of("bbox=1,2,3", "bbox", "near=48,11", "radius", "radius=5", "near",
                "near=48,11&radius=0", "radius", "bbox=1,2,3,4&radius=3", "bbox");
        cases.forEach((query, field) -> {
            try (SseClient sse = SseClient.open(fx.events(node, query), Map.of())) {
                assertThat(sse.status).as(query).isEqualTo(400);
                assertThat(sse.contentType).startsWith("application/problem+json");
                assertThat(sse.body).contains("\"field\":\"" + field + "\"");
            }
        });
        assertThat(wsStatus(fx.ws(node, "bbox=nope"))).isEqualTo(400);

        String closed = fx.node("geo-closed", "access_model", "whitelist");
        try (SseClient sse = SseClient.open(fx.events(closed, "bbox=" + BBOX), Map.of())) {
            assertThat(sse.status).isEqualTo(401);
        }
        String bob = tokens.issue("bob@localhost");
        try (SseClient sse = SseClient.open(fx.events(closed, "bbox=" + BBOX), Map.of("Authorization", HttpTokens.bearer(bob)))) {
            assertThat(sse.status).isEqualTo(403);
        }
    }

    // ------------------------------------------------------------------ helpers

    private void fix(String node, String id, double[] at) {
        String payload = "<geoloc xmlns='" + GeoNames.GEOLOC_NS + "'><lat>" + at[0] + "</lat><lon>" + at[1] + "</lon></geoloc>";
        StreamFixture.await(() -> service.publish(StreamFixture.OWNER, node, new ItemDraft(id, payload, GeoNames.GEOLOC_NS), null));
    }

    private static List<SseClient.Event> positions(SseClient sse) {
        return sse.events.stream().filter(e -> e.type().equals("position")).toList();
    }

    private static int wsStatus(URI uri) {
        try {
            HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocketStreamTest.Recorder()).get();
            return 101;
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) return h.getResponse().statusCode();
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
