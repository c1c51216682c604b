package org.herald.http.websub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.herald.domain.Jid;
import org.herald.http.HttpConfig;
import org.herald.metrics.Scrape;
import org.herald.service.ItemDraft;
import org.herald.service.PubSubService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hub's MUSTs (W3C WebSub §4–§7) against a real subscriber's HTTP server on 127.0.0.1. Items are published
 * through PubSubService as an XMPP publisher would. Each test uses nodes and callback paths of its own.
 */
@QuarkusTest
class WebSubHubTest {
    private static final Jid OWNER = Jid.parse("owner@localhost");
    private static final String ATOM_NS = "http://www.w3.org/2005/Atom";

    @Inject
    PubSubService service;

    @Inject
    WebSubStore store;

    @Inject
    HttpConfig http;

    @Inject
    DeliveryWorker worker;

    @Inject
    org.hibernate.reactive.mutiny.Mutiny.SessionFactory sessions;

    private CallbackServer subscriber;
    private String prefix;

    @BeforeEach
    void start() throws Exception {
        subscriber = new CallbackServer();
        prefix = "ws-" + Long.toString(System.nanoTime(), 36) + "-";
    }

    @AfterEach
    void stop() {
        subscriber.close();
    }

    // ------------------------------------------------------------------ §5.3 verification of intent

    @Test
    void aVerifiedSubscriptionIsStoredWithTheLeaseAsked() {
        String topic = topic(openNode("v"));
        String callback = subscriber.url("/v?token=abc");
        subscribe(callback, topic, "hub.lease_seconds", "120").then().statusCode(202);

        Optional<WebSubStore.Stored> stored = awaitStored(topic, callback);
        CallbackServer.Received check = subscriber.gets("/v", "subscribe").get(0);
        // §5.3: mode, topic, challenge and lease; the callback's own query is kept
        assertThat(check.query()).containsEntry("hub.topic", topic).containsEntry("hub.lease_seconds", "120")
                .containsEntry("token", "abc");
        assertThat(check.query().get("hub.challenge")).hasSizeGreaterThanOrEqualTo(22); // ≥ 128 bits in base64url
        assertThat(stored.get().leaseSeconds()).isEqualTo(120);
        assertThat(stored.get().expires()).isBetween(Instant.now().plusSeconds(100), Instant.now().plusSeconds(121));
    }

    @Test
    void leasesAreClampedToTheHubsLimits() {
        String topic = topic(openNode("clamp"));
        subscribe(subscriber.url("/long"), topic, "hub.lease_seconds", "99999999").then().statusCode(202);
        subscribe(subscriber.url("/short"), topic, "hub.lease_seconds", "0").then().statusCode(202);
        subscribe(subscriber.url("/default"), topic).then().statusCode(202);
        assertThat(awaitStored(topic, subscriber.url("/long")).get().leaseSeconds()).isEqualTo(3600);  // %test max-lease 1h
        assertThat(awaitStored(topic, subscriber.url("/short")).get().leaseSeconds()).isEqualTo(1);    // %test min-lease 1s
        assertThat(awaitStored(topic, subscriber.url("/default")).get().leaseSeconds()).isEqualTo(600); // %test default 10m
        assertThat(subscriber.gets("/long", "subscribe").get(0).query()).containsEntry("hub.lease_seconds", "3600");
    }

    @Test
    void aWrongEchoA404OrAnErrorStatusLeavesANewSubscriptionUnmade() {
        String node = openNode("unmade");
        String topic = topic(node);
        subscriber.on("/wrong", r -> new CallbackServer.Reply(200, "not-the-challenge"));
        subscriber.on("/refuse", r -> new CallbackServer.Reply(404, ""));
        subscriber.on("/error", r -> new CallbackServer.Reply(500, r.query().get("hub.challenge")));
        for (String path : List.of("/wrong", "/refuse", "/error")) {
            subscribe(subscriber.url(path), topic).then().statusCode(202);
            await().until(() -> subscriber.gets(path, "subscribe").size() == 1);
        }
        settledByMarker();
        for (String path : List.of("/wrong", "/refuse", "/error")) assertThat(stored(topic, subscriber.url(path))).isEmpty();
    }

    @Test
    void aFailedRenewalOrUnsubscribeKeepsTheExistingSubscription() {
        String topic = topic(openNode("keep"));
        String callback = subscriber.url("/keep");
        subscribe(callback, topic, "hub.lease_seconds", "600", "hub.secret", "first").then().statusCode(202);
        awaitStored(topic, callback);

        subscriber.on("/keep", r -> new CallbackServer.Reply(404, ""));
        subscribe(callback, topic, "hub.lease_seconds", "900", "hub.secret", "second").then().statusCode(202);
        unsubscribe(callback, topic).then().statusCode(202);
        await().until(() -> subscriber.gets("/keep", "subscribe").size() == 2 && subscriber.gets("/keep", "unsubscribe").size() == 1);
        settledByMarker();

        WebSubStore.Stored kept = stored(topic, callback).orElseThrow();
        assertThat(kept.leaseSeconds()).isEqualTo(600);
        assertThat(kept.secret()).isEqualTo("first");
    }

    @Test
    void everyVerificationDrawsAFreshChallenge() {
        String topic = topic(openNode("fresh"));
        String callback = subscriber.url("/fresh");
        subscribe(callback, topic).then().statusCode(202);
        await().until(() -> subscriber.gets("/fresh", "subscribe").size() == 1);
        subscribe(callback, topic).then().statusCode(202);
        await().until(() -> subscriber.gets("/fresh", "subscribe").size() == 2);
        List<String> challenges = subscriber.gets("/fresh", "subscribe").stream().map(r -> r.query().get("hub.challenge")).toList();
        assertThat(challenges.get(0)).isNotEqualTo(challenges.get(1));
    }

    // ------------------------------------------------------------------ §7 content distribution

    @Test
    void aPublishedItemArrivesSignedWithLinkHeaders() throws Exception {
        String node = openNode("signed");
        String topic = topic(node);
        String callback = subscriber.url("/signed");
        subscribe(callback, topic, "hub.secret", "tell-no-one").then().statusCode(202);
        awaitStored(topic, callback);

        publish(node, "first-item");
        await().until(() -> subscriber.posts("/signed").size() == 1);
        CallbackServer.Received post = subscriber.posts("/signed").get(0);
        assertThat(post.headers().getFirst("Content-Type")).startsWith("application/atom+xml");
        assertThat(post.body()).contains("first-item").contains("<feed");
        assertThat(post.headers().get("Link")).anySatisfy(l -> assertThat(l).contains("<" + http.publicUrl() + "/websub>")
                .contains("rel=\"hub\"")).anySatisfy(l -> assertThat(l).contains("<" + topic + ">").contains("rel=\"self\""));
        // §7.1: sha256=hex(HMAC-SHA256(secret, body))
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("tell-no-one".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(post.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(post.headers().getFirst("X-Hub-Signature")).isEqualTo(expected);
    }

    /**
     * Issue 9: items whose enqueue was lost (PostgreSQL gone, Herald killed after the commit; here the cursor is put
     * back to before them) are queued by the catch-up, as the node is now: a retracted one is not sent. A new
     * subscriber is never sent what was published before it subscribed.
     */
    @Test
    void theCatchUpSendsLostItemsAsTheNodeHoldsThemNowAndNeverTheHistory() {
        String node = openNode("catch-up");
        publish(node, "history");
        String topic = topic(node);
        String callback = subscriber.url("/catch-up");
        subscribe(callback, topic).then().statusCode(202);
        awaitStored(topic, callback);
        long before = run(() -> store.cursor(node)).orElseThrow();

        publish(node, "kept");
        publish(node, "retracted");
        await().until(() -> subscriber.posts("/catch-up").stream().anyMatch(p -> p.body().contains("retracted"))
                && subscriber.posts("/catch-up").stream().anyMatch(p -> p.body().contains("kept")));
        int sent = subscriber.posts("/catch-up").size();
        // one of the two retracted, then their enqueue "lost": the cursor back where it was before them
        run(() -> service.retract(OWNER, node, List.of("retracted"), false));
        run(() -> sessions.withTransaction(s -> s.createNativeQuery("update websub_cursors set seq = :seq where node_id = :node")
                .setParameter("seq", before).setParameter("node", node).executeUpdate()));
        worker.catchUpSoon();

        await().until(() -> subscriber.posts("/catch-up").size() > sent);
        CallbackServer.Received caughtUp = subscriber.posts("/catch-up").get(sent);
        assertThat(caughtUp.body()).contains("kept").doesNotContain("retracted");
        assertThat(run(() -> store.cursor(node))).hasValueSatisfying(c -> assertThat(c).isGreaterThan(before));
        assertThat(subscriber.posts("/catch-up")).noneSatisfy(p -> assertThat(p.body()).contains("history"));
    }

    @Test
    void aJsonTopicGetsJsonFeedAndNoSignatureWithoutASecret() {
        String node = openNode("json");
        String topic = http.publicUrl() + "/feeds/" + node + ".json";
        subscribe(subscriber.url("/json"), topic).then().statusCode(202);
        awaitStored(topic, subscriber.url("/json"));
        publish(node, "json-item");
        await().until(() -> subscriber.posts("/json").size() == 1);
        CallbackServer.Received post = subscriber.posts("/json").get(0);
        assertThat(post.headers().getFirst("Content-Type")).startsWith("application/feed+json");
        assertThat(post.body()).contains("\"json-item\"").contains("jsonfeed.org");
        assertThat(post.headers().containsKey("X-Hub-Signature")).isFalse();
    }

    @Test
    void failedDeliveriesAreRetriedUntilOneSucceeds() {
        String node = openNode("retry");
        String topic = topic(node);
        String callback = subscriber.url("/retry");
        AtomicInteger posts = new AtomicInteger();
        subscriber.on("/retry", r -> r.method().equals("POST")
                ? new CallbackServer.Reply(posts.incrementAndGet() <= 2 ? 503 : 200, "")
                : CallbackServer.CONFIRM.apply(r));
        subscribe(callback, topic).then().statusCode(202);
        long id = awaitStored(topic, callback).get().id();
        double retries = Scrape.or0("herald_websub_deliveries_total", "outcome=\"retry\"");
        double delivered = Scrape.or0("herald_websub_deliveries_total", "outcome=\"delivered\"");

        publish(node, "retried");
        await().until(() -> subscriber.posts("/retry").size() >= 3 && pending(id) == 0);
        assertThat(subscriber.posts("/retry")).extracting(CallbackServer.Received::status).containsExactly(503, 503, 200);
        assertThat(subscriber.posts("/retry")).allSatisfy(p -> assertThat(p.body()).contains("retried"));
        // the metrics saw it too (at least: other tests' deliveries may still be settling)
        assertThat(Scrape.or0("herald_websub_deliveries_total", "outcome=\"retry\"")).isGreaterThanOrEqualTo(retries + 2);
        assertThat(Scrape.or0("herald_websub_deliveries_total", "outcome=\"delivered\"")).isGreaterThanOrEqualTo(delivered + 1);
    }

    @Test
    void a410EndsTheSubscription() {
        String node = openNode("gone");
        String topic = topic(node);
        String callback = subscriber.url("/gone");
        subscriber.on("/gone", r -> r.method().equals("POST") ? new CallbackServer.Reply(410, "") : CallbackServer.CONFIRM.apply(r));
        subscribe(callback, topic).then().statusCode(202);
        awaitStored(topic, callback);

        publish(node, "to-the-gone");
        await().until(() -> stored(topic, callback).isEmpty());
        deliveredToMarker(node, "after-gone");
        assertThat(subscriber.posts("/gone")).hasSize(1);
    }

    @Test
    void aVerifiedUnsubscribeStopsDeliveries() {
        String node = openNode("unsub");
        String topic = topic(node);
        String callback = subscriber.url("/unsub");
        subscribe(callback, topic).then().statusCode(202);
        awaitStored(topic, callback);
        unsubscribe(callback, topic).then().statusCode(202);
        await().until(() -> stored(topic, callback).isEmpty());
        assertThat(subscriber.gets("/unsub", "unsubscribe").get(0).query()).doesNotContainKey("hub.lease_seconds");

        deliveredToMarker(node, "after-unsubscribe");
        assertThat(subscriber.posts("/unsub")).isEmpty();
    }

    @Test
    void anExpiredSubscriptionReceivesNothingAndIsRemoved() {
        String node = openNode("lease");
        String topic = topic(node);
        String callback = subscriber.url("/lease");
        subscribe(callback, topic, "hub.lease_seconds", "1").then().statusCode(202);
        awaitStored(topic, callback);
        await().atMost(Duration.ofSeconds(10)).until(() -> stored(topic, callback).isEmpty());

        publish(node, "too-late");
        deliveredToMarker(node, "for-the-living");
        assertThat(subscriber.posts("/lease")).isEmpty();
    }

    // ------------------------------------------------------------------ access: callbacks are anonymous readers

    @Test
    void aWhitelistNodesTopicIsDenied() {
        String node = node("closed", "whitelist");
        String topic = topic(node);
        subscribe(subscriber.url("/closed"), topic).then().statusCode(202);
        await().until(() -> subscriber.gets("/closed", "denied").size() == 1);
        assertThat(subscriber.gets("/closed", "denied").get(0).query()).containsEntry("hub.topic", topic).containsKey("hub.reason");
        assertThat(subscriber.gets("/closed", "subscribe")).isEmpty();
        assertThat(stored(topic, subscriber.url("/closed"))).isEmpty();

        // and a node that does not exist looks the same
        subscribe(subscriber.url("/none"), topic(prefix + "no-such-node")).then().statusCode(202);
        await().until(() -> subscriber.gets("/none", "denied").size() == 1);
        assertThat(subscriber.gets("/none", "denied").get(0).query().get("hub.reason"))
                .isEqualTo(subscriber.gets("/closed", "denied").get(0).query().get("hub.reason"));
    }

    @Test
    void aNodeClosedAfterSubscribingDeliversNothingMore() {
        String node = openNode("closing");
        String topic = topic(node);
        String callback = subscriber.url("/closing");
        subscribe(callback, topic).then().statusCode(202);
        awaitStored(topic, callback);

        run(() -> service.configure(OWNER, node, Map.of("pubsub#access_model", List.of("whitelist"))));
        publish(node, "secret-item");
        deliveredToMarker(openNode("other"), "public-item");
        assertThat(subscriber.posts("/closing")).isEmpty();
    }

    @Test
    void closingANodeThatAnnouncesConfigurationChangesEndsItsSubscriptionsWithADenial() {
        String node = openNode("announce");
        String topic = topic(node);
        String callback = subscriber.url("/announce");
        subscribe(callback, topic).then().statusCode(202);
        awaitStored(topic, callback);

        run(() -> service.configure(OWNER, node, Map.of("pubsub#access_model", List.of("whitelist"),
                "pubsub#notify_config", List.of("1"))));
        await().until(() -> subscriber.gets("/announce", "denied").size() == 1 && stored(topic, callback).isEmpty());
    }

    // ------------------------------------------------------------------ §6 publish pings and bad requests

    @Test
    void aPublishPingForAnOwnTopicSucceedsAndForAForeignOneIs400() {
        given().contentType(ContentType.URLENC).formParam("hub.mode", "publish").formParam("hub.url", topic(openNode("ping")))
                .post("/websub").then().statusCode(204);
        given().contentType(ContentType.URLENC).formParam("hub.mode", "publish").formParam("hub.topic", topic("anything"))
                .post("/websub").then().statusCode(204);
        given().contentType(ContentType.URLENC).formParam("hub.mode", "publish").formParam("hub.url", "https://elsewhere.example/feed.atom")
                .post("/websub").then().statusCode(400).contentType("application/problem+json").body("field", equalTo("hub.url"));
    }

    @Test
    void badRequestsAre400ProblemsNamingTheField() {
        String topic = topic(openNode("bad"));
        subscribe("ftp://127.0.0.1/cb", topic).then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("hub.callback")).body("status", equalTo(400));
        given().contentType(ContentType.URLENC).formParam("hub.mode", "subscribe").formParam("hub.topic", topic)
                .post("/websub").then().statusCode(400).body("field", equalTo("hub.callback"));
        subscribe(subscriber.url("/bad"), "https://elsewhere.example/feeds/x.atom").then().statusCode(400)
                .body("field", equalTo("hub.topic"));
        subscribe(subscriber.url("/bad"), topic, "hub.secret", "s".repeat(200)).then().statusCode(400)
                .body("field", equalTo("hub.secret"));
        subscribe(subscriber.url("/bad"), topic, "hub.lease_seconds", "a while").then().statusCode(400)
                .body("field", equalTo("hub.lease_seconds"));
        given().contentType(ContentType.URLENC).formParam("hub.mode", "watch").post("/websub").then().statusCode(400)
                .body("field", equalTo("hub.mode"));
        subscribe("http://no-such-host.invalid/cb", topic).then().statusCode(400).body("field", equalTo("hub.callback"));
        assertThat(subscriber.at("/bad")).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private io.restassured.response.Response subscribe(String callback, String topic, String... more) {
        return form("subscribe", callback, topic, more);
    }

    private io.restassured.response.Response unsubscribe(String callback, String topic) {
        return form("unsubscribe", callback, topic);
    }

    private io.restassured.response.Response form(String mode, String callback, String topic, String... more) {
        var request = given().contentType(ContentType.URLENC).formParam("hub.mode", mode).formParam("hub.callback", callback)
                .formParam("hub.topic", topic);
        for (int i = 0; i < more.length; i += 2) request = request.formParam(more[i], more[i + 1]);
        return request.post("/websub");
    }

    private String openNode(String name) {
        return node(name, "open");
    }

    private String node(String name, String accessModel) {
        String id = prefix + name;
        run(() -> service.create(OWNER, id, Map.of("pubsub#access_model", List.of(accessModel))));
        return id;
    }

    private String topic(String node) {
        return http.publicUrl() + "/feeds/" + node + ".atom";
    }

    private void publish(String node, String itemId) {
        run(() -> service.publish(OWNER, node, new ItemDraft(itemId,
                "<entry xmlns='" + ATOM_NS + "'><title>" + itemId + "</title></entry>", ATOM_NS), null));
    }

    /**
     * Subscribes a second callback to the node, publishes {@code itemId} and waits until it arrived there: deliveries
     * of that publish to every subscriber of the node were queued together, so anything meant for others is out too.
     */
    private void deliveredToMarker(String node, String itemId) {
        String path = "/marker-" + itemId;
        subscribe(subscriber.url(path), topic(node)).then().statusCode(202);
        awaitStored(topic(node), subscriber.url(path));
        publish(node, itemId);
        await().until(() -> subscriber.posts(path).stream().anyMatch(p -> p.body().contains(itemId)));
        await().until(() -> subscriber.posts(path).size() == 1);
    }

    /** A complete subscribe round trip after the ones under test: the hub has acted on their answers by then. */
    private void settledByMarker() {
        String topic = topic(openNode("marker-" + System.nanoTime()));
        subscribe(subscriber.url("/settle"), topic).then().statusCode(202);
        awaitStored(topic, subscriber.url("/settle"));
    }

    private Optional<WebSubStore.Stored> awaitStored(String topic, String callback) {
        await().until(() -> stored(topic, callback).isPresent());
        return stored(topic, callback);
    }

    private Optional<WebSubStore.Stored> stored(String topic, String callback) {
        return run(() -> store.find(topic, callback));
    }

    private long pending(long subscriptionId) {
        return run(() -> store.pending(subscriptionId));
    }

    private static <T> T run(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work::get);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
