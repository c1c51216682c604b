package org.herald.limits;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.herald.http.PathSegments;
import org.herald.testsupport.HttpTokens;
import org.herald.testsupport.InjectProsody;
import org.herald.testsupport.Prosody;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.PubSubClient;
import org.herald.testsupport.XmppClients;
import org.herald.xmpp.component.ComponentLink;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-requester limits (issue #9) through both front-ends, against a real Prosody and PostgreSQL: a rate exceeded
 * is policy-violation (wait) with a text saying when to retry over XMPP and 429 with Retry-After over HTTP; too many
 * nodes is policy-violation + max-nodes-exceeded (wait) / 403; admins are exempt; the node cap holds under
 * concurrent creates.
 */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
@TestProfile(LimitsProfile.class)
class RequestLimitsTest {
    private static final String NODES = "/api/v1/nodes";

    @InjectProsody
    Prosody prosody;

    @Inject
    ComponentLink link;

    @Inject
    HttpTokens tokens;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "herald.http.public-url")
    String publicUrl;

    XmppClients clients;

    @BeforeEach
    void connect() {
        await().atMost(PubSubClient.TIMEOUT).until(link::isConnected);
        clients = new XmppClients(prosody);
    }

    @AfterEach
    void disconnect() {
        clients.close();
    }

    private PubSubClient newUser() {
        return new PubSubClient(clients.connectNewUser(), ProsodyResource.COMPONENT);
    }

    private static String nodeName(String hint) {
        return "limits/" + hint + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", HttpTokens.bearer(token)).urlEncodingEnabled(false);
    }

    private static String items(String node) {
        return NODES + "/" + PathSegments.encode(node) + "/items";
    }

    private static int create(String token, String node) {
        return as(token).contentType(ContentType.JSON).body("{\"id\":\"" + node + "\"}").post(NODES).statusCode();
    }

    @Test
    void xmppPublishBeyondTheRateIsAPolicyViolationToRetryLater() {
        PubSubClient hamlet = newUser();
        String node = nodeName("x-publish");
        hamlet.set("<create node='" + node + "'/>");
        String publish = "<publish node='" + node + "'><item><v xmlns='urn:x'>1</v></item></publish>";
        for (int i = 0; i < 3; i++) hamlet.set(publish);
        StanzaError e = hamlet.error(IQ.Type.set, PubSubClient.PUBSUB, publish);
        PubSubClient.assertError(e, StanzaError.Type.WAIT, StanzaError.Condition.policy_violation, null);
        assertThat(e.getDescriptiveText()).matches("too many publish requests: retry in \\d+ s");
        // another user is not affected
        PubSubClient horatio = newUser();
        String other = nodeName("x-publish-other");
        horatio.set("<create node='" + other + "'/>");
        horatio.set("<publish node='" + other + "'><item><v xmlns='urn:x'>1</v></item></publish>");
    }

    @Test
    void xmppSubscribeBeyondTheRateIsAPolicyViolation() {
        PubSubClient hamlet = newUser();
        PubSubClient horatio = newUser();
        String a = nodeName("x-sub-a");
        String b = nodeName("x-sub-b");
        hamlet.set("<create node='" + a + "'/>");
        hamlet.set("<create node='" + b + "'/>");
        horatio.set("<subscribe node='" + a + "' jid='" + horatio.jid() + "'/>");
        horatio.set("<subscribe node='" + b + "' jid='" + horatio.jid() + "'/>");
        StanzaError e = horatio.error(IQ.Type.set, PubSubClient.PUBSUB, "<subscribe node='" + a + "' jid='" + horatio.jid() + "'/>");
        PubSubClient.assertError(e, StanzaError.Type.WAIT, StanzaError.Condition.policy_violation, null);
        assertThat(e.getDescriptiveText()).contains("subscribe").contains("retry in");
    }

    @Test
    void xmppCreateBeyondTheNodesPerOwnerIsMaxNodesExceeded() {
        PubSubClient hamlet = newUser();
        hamlet.set("<create node='" + nodeName("x-own-1") + "'/>");
        hamlet.set("<create node='" + nodeName("x-own-2") + "'/>");
        StanzaError e = hamlet.error(IQ.Type.set, PubSubClient.PUBSUB, "<create node='" + nodeName("x-own-3") + "'/>");
        PubSubClient.assertError(e, StanzaError.Type.WAIT, StanzaError.Condition.policy_violation, "max-nodes-exceeded");
    }

    @Test
    void httpPublishBeyondTheRateIs429WithRetryAfterCountedPerToken() {
        String jid = "reader-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
        String token = tokens.issue(jid);
        String node = nodeName("h-publish");
        assertThat(create(token, node)).isEqualTo(201);
        for (int i = 0; i < 3; i++) {
            as(token).contentType(ContentType.JSON).body("{\"n\":" + i + "}").post(items(node)).then().statusCode(201);
        }
        as(token).contentType(ContentType.JSON).body("{\"n\":3}").post(items(node)).then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("status", equalTo(429)).body("condition", equalTo("policy-violation"));
        // OwnTracks publishes count against the same allowance
        as(token).contentType(ContentType.JSON).body("{\"_type\":\"location\",\"lat\":48.1,\"lon\":11.5,\"tst\":1700000000}")
                .post("/api/v1/owntracks/" + PathSegments.encode(node)).then().statusCode(429);
        // a second token of the same JID is a second client with its own allowance
        as(tokens.issue(jid)).contentType(ContentType.JSON).body("{\"n\":4}").post(items(node)).then().statusCode(201);
    }

    @Test
    void httpCreateBeyondTheNodesPerOwnerIs403MaxNodesExceeded() {
        String token = tokens.issue("owner-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost");
        assertThat(create(token, nodeName("h-own-1"))).isEqualTo(201);
        assertThat(create(token, nodeName("h-own-2"))).isEqualTo(201);
        as(token).contentType(ContentType.JSON).body("{\"id\":\"" + nodeName("h-own-3") + "\"}").post(NODES).then()
                .statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:herald:problem:max-nodes-exceeded"))
                .body("condition", equalTo("policy-violation")).body("pubsubCondition", equalTo("max-nodes-exceeded"));
    }

    @Test
    void anonymousWebSubSubscriptionsAreLimitedByClientAddress() {
        String topic = publicUrl + "/feeds/limits-websub.atom";
        for (int i = 0; i < 2; i++) {
            given().formParam("hub.mode", "subscribe").formParam("hub.callback", "http://127.0.0.1:9/cb-" + i)
                    .formParam("hub.topic", topic).post("/websub").then().statusCode(202);
        }
        given().formParam("hub.mode", "subscribe").formParam("hub.callback", "http://127.0.0.1:9/cb-2")
                .formParam("hub.topic", topic).post("/websub").then().statusCode(429)
                .header("Retry-After", matchesPattern("[1-9][0-9]*")).body("condition", equalTo("policy-violation"));
    }

    @Test
    void adminsAreExempt() {
        String first = nodeName("admin-0");
        for (int i = 0; i < 6; i++) assertThat(create(HttpTokens.ADMIN, i == 0 ? first : nodeName("admin-" + i))).isEqualTo(201);
        for (int i = 0; i < 10; i++) {
            as(HttpTokens.ADMIN).contentType(ContentType.JSON).body("{\"n\":" + i + "}").post(items(first)).then().statusCode(201);
        }
    }

    @Test
    void theNodeCapHoldsUnderConcurrentCreates() throws Exception {
        String jid = "racer-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
        List<String> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) racers.add(tokens.issue(jid)); // one token each: no rate limit in the way
        ExecutorService pool = Executors.newFixedThreadPool(racers.size());
        try {
            List<Callable<Integer>> creates = racers.stream().<Callable<Integer>>map(t -> () -> create(t, nodeName("race"))).toList();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(creates)) statuses.add(f.get());
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(2);
            assertThat(statuses).filteredOn(s -> s == 403).hasSize(racers.size() - 2);
        } finally {
            pool.shutdownNow();
        }
        // and the owner owns exactly the two nodes it was told were created
        as(racers.get(0)).get("/api/v1/affiliations").then().statusCode(200)
                .body("affiliations.findAll { it.affiliation == 'owner' }.size()", equalTo(2));
    }
}
