package org.herald.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.herald.ingest.FeedsResourceTest.FEEDS;
import static org.herald.ingest.FeedsResourceTest.as;
import static org.herald.ingest.FeedsResourceTest.register;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.herald.config.ComponentConfig;
import org.herald.service.PubSubService;
import org.herald.testsupport.HttpTokens;
import org.herald.testsupport.InjectProsody;
import org.herald.testsupport.Prosody;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.PubSubClient;
import org.herald.testsupport.XmppClients;
import org.herald.xmpp.component.ComponentLink;
import org.herald.xmpp.stanza.XmlElement;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end: a feed served over real HTTP on 127.0.0.1 is registered over REST on a node, and its entries reach a
 * Smack subscriber through a real Prosody, each once; an edit arrives as an update of the same item; refetching
 * (304 or an unchanged body) publishes nothing, also for a fresh scheduler that shares nothing in memory with the
 * first, as after a restart: the cursor is in PostgreSQL.
 */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
class FeedIngestionTest {
    static final String ATOM = "http://www.w3.org/2005/Atom";
    static final Duration WAIT = Duration.ofSeconds(30);
    static LocalFeedServer origin;

    @InjectProsody
    Prosody prosody;
    @Inject
    ComponentLink link;
    @Inject
    HttpTokens tokens;
    @Inject
    Vertx vertx;
    @Inject
    Mutiny.SessionFactory sessions;
    @Inject
    PubSubService service;
    @Inject
    IngestConfig config;
    @Inject
    ComponentConfig component;
    @Inject
    FeedRegistry registry;
    @Inject
    WebSubSubscriber subscriber;
    @Inject
    FeedMetrics feedMetrics;

    XmppClients clients;
    PubSubClient hamlet;
    PubSubClient horatio;

    @BeforeAll
    static void startOrigin() throws Exception {
        origin = new LocalFeedServer();
    }

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    @BeforeEach
    void connect() {
        await().atMost(PubSubClient.TIMEOUT).until(link::isConnected);
        clients = new XmppClients(prosody);
        hamlet = new PubSubClient(clients.connectNewUser(), ProsodyResource.COMPONENT);
        horatio = new PubSubClient(clients.connectNewUser(), ProsodyResource.COMPONENT);
    }

    @AfterEach
    void disconnect() {
        clients.close();
    }

    @Test
    void entriesArriveOnceEditsAsUpdatesAndNothingIsRepublished() {
        String node = "ingest/e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/feed-" + UUID.randomUUID() + ".atom";
        hamlet.set("<create node='" + node + "'/>");
        horatio.set("<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>");
        origin.conditional(true);
        origin.serve(path, LocalFeedServer.atom("e2e", "urn:e:1", "One", "first entry", "urn:e:2", "Two", "second entry"));

        String owner = tokens.issue(hamlet.bareJid());
        int id = register(owner, origin.url(path), node).statusCode(201).extract().path("id");

        Map<String, String> titleById = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            XmlElement item = item(horatio.nextEvent());
            titleById.put(item.attr("id"), item.child("entry", ATOM).childText("title", ATOM));
        }
        assertThat(titleById).hasSize(2).containsValues("One", "Two");
        await().atMost(WAIT).untilAsserted(() -> as(owner).get(FEEDS + "/" + id).then().statusCode(200)
                .body("status", equalTo("ok")).body("itemsPublished", equalTo(2)));

        // Unchanged: the origin answers 304 to the conditional GET and nothing is published.
        int before = origin.hits(path);
        await().atMost(WAIT).until(() -> origin.hits(path) >= before + 2);
        await().atMost(WAIT).untilAsserted(() -> as(owner).get(FEEDS + "/" + id).then().body("lastStatus", equalTo(304)));
        horatio.assertNoEvent();

        // An edited entry is published again under the same ItemID (an update, XEP-0060 §7.1.2 overwrite).
        origin.serve(path, LocalFeedServer.atom("e2e", "urn:e:1", "One (edited)", "first entry, edited", "urn:e:2", "Two", "second entry"));
        XmlElement edited = item(horatio.nextEvent());
        assertThat(titleById).containsEntry(edited.attr("id"), "One");
        assertThat(edited.child("entry", ATOM).childText("title", ATOM)).isEqualTo("One (edited)");
        await().atMost(WAIT).untilAsserted(() -> as(owner).get(FEEDS + "/" + id).then().body("itemsPublished", equalTo(3)));

        // "Restart": the origin forgets validators (every fetch reads the whole feed), and a second scheduler built
        // from scratch (no in-memory state shared with the running one) fetches it too. Only the cursor remembers.
        origin.conditional(false);
        FeedScheduler fresh = new FeedScheduler(vertx, new FeedStore(sessions),
                new FeedPass(new FeedStore(sessions), registry, service, config, component, subscriber, feedMetrics), config);
        int seen = origin.hits(path);
        await().atMost(WAIT).until(() -> {
            fresh.runOnce().await().atMost(WAIT);
            return origin.hits(path) >= seen + 2;
        });
        await().atMost(WAIT).untilAsserted(() -> as(owner).get(FEEDS + "/" + id).then().body("lastStatus", equalTo(200)));
        horatio.assertNoEvent();
        as(owner).get(FEEDS + "/" + id).then().body("itemsPublished", equalTo(3)).body("status", equalTo("ok"));
    }

    private static XmlElement item(XmlElement message) {
        return message.child("event", PubSubClient.EVENT).child("items", PubSubClient.EVENT).child("item", PubSubClient.EVENT);
    }
}
