package org.herald.http.feed;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.io.WireFeedInput;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.herald.http.PathSegments;
import org.herald.testsupport.HttpTokens;
import org.junit.jupiter.api.Test;

/** The feed endpoints over HTTP against the real service and PostgreSQL. */
@QuarkusTest
class FeedEndpointsTest {
    private static final String PUBLIC = "http://localhost:8080"; // herald.http.public-url in the test profile

    @Inject
    ServiceCalls calls;

    @Inject
    HttpTokens tokens;

    private static String path(String node, String ext) {
        return "/feeds/" + PathSegments.encode(node) + (ext == null ? "" : "." + ext);
    }

    private static Response get(String path) {
        return given().urlEncodingEnabled(false).get(path);
    }

    private String openNode(String title) {
        return calls.node("feeds/open", Map.of("pubsub#title", List.of(title),
                "pubsub#description", List.of("Readings & <notes>"), "pubsub#itemreply", List.of("publisher")));
    }

    @Test
    void anOpenNodeReadsAsAtomRssAndJsonFeedWithSelfAndHubLinks() throws Exception {
        String node = openNode("Lagoon <script>alert(1)</script>");
        calls.publish(node, "geo-1", FeedRenderersTest.GEOLOC);
        calls.publish(node, "post-1", FeedRenderersTest.ATOM_ENTRY);

        Response atomResponse = get(path(node, "atom"));
        atomResponse.then().statusCode(200).contentType(startsWith("application/atom+xml"))
                .header("Cache-Control", "public, no-cache");
        Feed atom = (Feed) new WireFeedInput().build(new StringReader(atomResponse.asString()));
        String self = PUBLIC + path(node, "atom");
        assertThat(atom.getId()).isEqualTo(self);
        assertThat(atom.getTitle()).isEqualTo("Lagoon <script>alert(1)</script>");
        assertThat(atom.getUpdated()).isNotNull();
        assertThat(atom.getOtherLinks()).extracting(Link::getRel, Link::getHref).contains(
                org.assertj.core.groups.Tuple.tuple("self", self),
                org.assertj.core.groups.Tuple.tuple("hub", PUBLIC + "/websub"));
        assertThat(atom.getEntries()).extracting(Entry::getTitle)
                .containsExactly("Hello <script>alert(1)</script>", "Venice & <the lagoon>");
        for (Entry e : atom.getEntries()) {
            assertThat(e.getId()).isNotBlank();
            assertThat(e.getUpdated()).isNotNull();
        }
        assertThat(atomResponse.asString()).doesNotContain("<script>")
                .contains("45.44 12.33</georss:point>").contains("45.256 -71.92</georss:point>");

        Response rssResponse = get(path(node, "rss"));
        rssResponse.then().statusCode(200).contentType(startsWith("application/rss+xml"));
        Channel rss = (Channel) new WireFeedInput().build(new StringReader(rssResponse.asString()));
        assertThat(rss.getTitle()).isEqualTo("Lagoon <script>alert(1)</script>");
        assertThat(rss.getLink()).isEqualTo(PUBLIC + "/");
        assertThat(rss.getDescription()).isEqualTo("Readings & <notes>");
        assertThat(rss.getItems()).extracting(i -> i.getGuid().getValue())
                .containsExactly("tag:example.org,2026:1", PUBLIC + "/api/v1/nodes/" + PathSegments.encode(node) + "/items/geo-1");
        assertThat(rssResponse.asString()).contains("45.44 12.33</georss:point>")
                .contains("href=\"" + PUBLIC + path(node, "rss") + "\"");

        Response jsonResponse = get(path(node, "json"));
        jsonResponse.then().statusCode(200).contentType(startsWith("application/feed+json"));
        JsonNode json = new ObjectMapper().readTree(jsonResponse.asString());
        assertThat(json.get("version").asText()).isEqualTo("https://jsonfeed.org/version/1.1");
        assertThat(json.get("title").asText()).isEqualTo("Lagoon <script>alert(1)</script>");
        assertThat(json.get("feed_url").asText()).isEqualTo(PUBLIC + path(node, "json"));
        assertThat(json.get("hubs").get(0).get("url").asText()).isEqualTo(PUBLIC + "/websub");
        assertThat(json.get("items")).extracting(i -> i.get("id").asText()).containsExactly("tag:example.org,2026:1",
                PUBLIC + "/api/v1/nodes/" + PathSegments.encode(node) + "/items/geo-1");
        assertThat(json.get("items").get(1).get("_geo").get("lat").asDouble()).isEqualTo(45.44);
        assertThat(json.get("items").get(1).get("_herald").get("publisher").asText()).isEqualTo("feedowner@localhost");
    }

    @Test
    void withoutAnExtensionTheAcceptHeaderChooses() {
        String node = openNode("Negotiated");
        given().urlEncodingEnabled(false).accept("application/rss+xml").get(path(node, null))
                .then().statusCode(200).contentType(startsWith("application/rss+xml"))
                .header("Vary", "Accept").header("Content-Location", PUBLIC + path(node, "rss"));
        given().urlEncodingEnabled(false).accept("application/json;q=0.5, application/atom+xml;q=0.4").get(path(node, null))
                .then().statusCode(200).contentType(startsWith("application/feed+json"));
        given().urlEncodingEnabled(false).accept("*/*").get(path(node, null))
                .then().statusCode(200).contentType(startsWith("application/atom+xml"));
        given().urlEncodingEnabled(false).accept("image/png").get(path(node, null))
                .then().statusCode(406).contentType("application/problem+json");
    }

    @Test
    void ifNoneMatchAnswers304UntilAPublishARetractionOrAPurge() {
        String node = openNode("Conditional");
        calls.publish(node, "one", "<note xmlns='urn:example:n'>1</note>");
        String etag = get(path(node, "atom")).then().statusCode(200).extract().header("ETag");
        assertThat(etag).startsWith("\"").doesNotStartWith("W/");

        Response same = given().urlEncodingEnabled(false).header("If-None-Match", etag).get(path(node, "atom"));
        same.then().statusCode(304).header("ETag", etag);
        assertThat(same.asByteArray()).isEmpty();
        // the same version in another format is another representation
        String rssEtag = get(path(node, "rss")).header("ETag");
        assertThat(rssEtag).isNotEqualTo(etag);

        calls.publish(node, "two", "<note xmlns='urn:example:n'>2</note>");
        String afterPublish = given().urlEncodingEnabled(false).header("If-None-Match", etag).get(path(node, "atom"))
                .then().statusCode(200).extract().header("ETag");
        assertThat(afterPublish).isNotEqualTo(etag);

        calls.retract(node, "one");
        String afterRetract = given().urlEncodingEnabled(false).header("If-None-Match", afterPublish).get(path(node, "atom"))
                .then().statusCode(200).extract().header("ETag");
        assertThat(afterRetract).isNotEqualTo(afterPublish);

        calls.purge(node);
        given().urlEncodingEnabled(false).header("If-None-Match", afterRetract).get(path(node, "atom"))
                .then().statusCode(200);
    }

    @Test
    void ifModifiedSinceAnswers304UntilTheNextPublish() {
        String node = openNode("Dated");
        calls.publish(node, "one", "<note xmlns='urn:example:n'>1</note>");
        // Last-Modified is given once the second of the last change has passed (HTTP dates have whole seconds)
        String lastModified = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> get(path(node, "atom")).header("Last-Modified"), v -> v != null);

        Response unchanged = given().urlEncodingEnabled(false).header("If-Modified-Since", lastModified).get(path(node, "atom"));
        unchanged.then().statusCode(304);
        assertThat(unchanged.asByteArray()).isEmpty();

        calls.publish(node, "two", "<note xmlns='urn:example:n'>2</note>");
        given().urlEncodingEnabled(false).header("If-Modified-Since", lastModified).get(path(node, "atom"))
                .then().statusCode(200);
    }

    @Test
    void aWhitelistNodeIsRefusedToAnonymousReadersAndNonMembers() {
        String node = calls.node("feeds/closed", Map.of("pubsub#access_model", List.of("whitelist"),
                "pubsub#title", List.of("Closed")));
        calls.publish(node, "secret", "<note xmlns='urn:example:n'>secret</note>");

        Response anonymous = get(path(node, "atom"));
        anonymous.then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", startsWith("Bearer"));
        assertThat(anonymous.asString()).doesNotContain("secret");

        String mallory = tokens.issue("mallory@localhost");
        given().urlEncodingEnabled(false).header("Authorization", HttpTokens.bearer(mallory)).get(path(node, "json"))
                .then().statusCode(403).contentType("application/problem+json").body("pubsubCondition", equalTo("closed-node"));

        String owner = tokens.issue(ServiceCalls.OWNER.toString());
        given().urlEncodingEnabled(false).header("Authorization", HttpTokens.bearer(owner)).get(path(node, "rss"))
                .then().statusCode(200).header("Cache-Control", "private, no-store").header("Vary", "Authorization");
    }

    @Test
    void anUnknownNodeIs404() {
        get(path("no-such-node-" + java.util.UUID.randomUUID(), "atom"))
                .then().statusCode(404).contentType("application/problem+json").body("condition", equalTo("item-not-found"));
    }
}
