package org.herald.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.herald.testsupport.HttpTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The feed registry over REST: who may register, see and remove a feed, and what a bad request is told. */
@QuarkusTest
class FeedsResourceTest {
    static final String FEEDS = "/api/v1/feeds";
    static LocalFeedServer origin;

    @Inject
    HttpTokens tokens;

    String alice;
    String bob;
    String bobJid;
    String node;

    @BeforeAll
    static void startOrigin() throws Exception {
        origin = new LocalFeedServer();
    }

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    @BeforeEach
    void node() {
        alice = tokens.issue("alice-" + UUID.randomUUID().toString().substring(0, 6) + "@localhost");
        bobJid = "bob-" + UUID.randomUUID().toString().substring(0, 6) + "@localhost";
        bob = tokens.issue(bobJid);
        node = "ingest/rest-" + UUID.randomUUID().toString().substring(0, 8);
        as(alice).contentType(ContentType.JSON).body("{\"id\":\"" + node + "\"}").post("/api/v1/nodes").then().statusCode(201);
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", HttpTokens.bearer(token));
    }

    static ValidatableResponse register(String token, String url, String node) {
        return as(token).contentType(ContentType.JSON).body(Map.of("url", url, "node", node)).post(FEEDS).then();
    }

    @Test
    void anOwnerRegistersSeesAndRemovesAFeed() {
        String url = origin.url("/owner-" + UUID.randomUUID() + ".atom");
        origin.serve(url.substring(url.indexOf("/", 8)), LocalFeedServer.atom("t", "urn:1", "One", "first"));
        int id = register(alice, url, node).statusCode(201).contentType(ContentType.JSON)
                .body("url", equalTo(url)).body("node", equalTo(node)).extract().path("id");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(alice).get(FEEDS + "/" + id).then().statusCode(200)
                .body("status", not(equalTo("pending"))).body("lastStatus", equalTo(200)));
        as(alice).get(FEEDS).then().statusCode(200).body("feeds.id", hasItem(id));
        as(HttpTokens.ADMIN).get(FEEDS).then().statusCode(200).body("feeds.id", hasItem(id));
        as(bob).get(FEEDS).then().statusCode(200).body("feeds.id", not(hasItem(id)));

        // Someone else is told the feed does not exist, whether reading or deleting it.
        as(bob).get(FEEDS + "/" + id).then().statusCode(404).contentType("application/problem+json");
        as(bob).delete(FEEDS + "/" + id).then().statusCode(404);

        register(alice, url, node).statusCode(409);
        as(alice).delete(FEEDS + "/" + id).then().statusCode(204);
        as(alice).get(FEEDS + "/" + id).then().statusCode(404);
    }

    @Test
    void aPublisherMayRegisterButAStrangerMayNot() {
        as(alice).contentType(ContentType.JSON)
                .body("{\"affiliations\":[{\"jid\":\"" + bobJid + "\",\"affiliation\":\"publisher\"}]}")
                .urlEncodingEnabled(false).patch("/api/v1/nodes/" + node.replace("/", "%2F") + "/affiliations").then().statusCode(200);
        String url = origin.url("/by-publisher-" + UUID.randomUUID());
        register(bob, url, node).statusCode(201).body("addedBy", equalTo(bobJid));
        String carol = tokens.issue("carol-" + UUID.randomUUID().toString().substring(0, 6) + "@localhost");
        register(carol, origin.url("/x.atom"), node).statusCode(403).contentType("application/problem+json");
    }

    @Test
    void requestsWithoutTokenAreRefused() {
        given().contentType(ContentType.JSON).body(Map.of("url", origin.url("/a"), "node", node)).post(FEEDS).then().statusCode(401);
        given().get(FEEDS).then().statusCode(401);
        given().get(FEEDS + "/1").then().statusCode(401);
        given().delete(FEEDS + "/1").then().statusCode(401);
    }

    @Test
    void aMissingNodeIs404AndABadUrlIs422NamingIt() {
        register(alice, origin.url("/a"), "no-such-node-" + UUID.randomUUID()).statusCode(404);
        for (String bad : new String[] {"ftp://example.org/feed", "not a url", "/relative", "http:///nohost", "file:///etc/passwd"}) {
            register(alice, bad, node).statusCode(422).contentType("application/problem+json").body("field", equalTo("url"));
        }
        as(alice).contentType(ContentType.JSON).body("{\"node\":\"" + node + "\"}").post(FEEDS).then().statusCode(422)
                .body("field", equalTo("url"));
        as(alice).contentType(ContentType.JSON).body("{\"url\":\"" + origin.url("/a") + "\"}").post(FEEDS).then().statusCode(422)
                .body("field", equalTo("node"));
        as(alice).get(FEEDS + "/abc").then().statusCode(404);
    }

    @Test
    void aGoneFeedStopsAndAnOverloadedOneBacksOff() {
        String gone = "/gone-" + UUID.randomUUID();
        String busy = "/busy-" + UUID.randomUUID();
        origin.status(gone, 410, Map.of());
        origin.status(busy, 503, Map.of("Retry-After", "1"));
        int goneId = register(alice, origin.url(gone), node).statusCode(201).extract().path("id");
        int busyId = register(alice, origin.url(busy), node).statusCode(201).extract().path("id");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(alice).get(FEEDS + "/" + goneId).then()
                .body("status", equalTo("gone")).body("lastStatus", equalTo(410)).body("nextFetch", nullValue()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(alice).get(FEEDS + "/" + busyId).then()
                .body("status", equalTo("error")).body("lastStatus", equalTo(503)).body("lastError", not(nullValue())));
        int fetched = origin.hits(gone);
        // Gone is final: later fetches of other feeds go on while this one is left alone.
        int busyHits = origin.hits(busy);
        await().atMost(Duration.ofSeconds(20)).until(() -> origin.hits(busy) > busyHits);
        org.assertj.core.api.Assertions.assertThat(origin.hits(gone)).isEqualTo(fetched);
    }
}
