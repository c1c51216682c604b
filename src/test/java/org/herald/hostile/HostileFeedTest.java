package org.herald.hostile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.herald.http.PathSegments;
import org.herald.testsupport.HttpTokens;
import org.junit.jupiter.api.Test;

/**
 * Path 4, feed ingestion: an origin (a loopback listener; the test profile allows private targets) serves hostile
 * feeds next to a good one. Each hostile feed ends in status "error" with a reason, nothing is expanded or fetched, no
 * item reaches its node, and the good feed on the same service keeps being ingested.
 */
@QuarkusTest
class HostileFeedTest {
    private static final String FEEDS = "/api/v1/feeds";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String OPEN = "<?xml version='1.0' encoding='utf-8'?>";
    private static final String FEED = "<feed xmlns='http://www.w3.org/2005/Atom'><id>urn:h</id><title>";
    private static final String ENTRY_END = "</title><updated>2026-11-20T10:00:00Z</updated>"
            + "<entry><id>urn:h:1</id><title>t</title><updated>2026-11-20T10:00:00Z</updated></entry></feed>";
    @org.junit.jupiter.api.extension.RegisterExtension
    static final FetchRecorder origin = new FetchRecorder();

    @Inject
    HttpTokens tokens;

    @Test
    void hostileFeedsFailAloneAndTheGoodOneKeepsComing() {
        String owner = tokens.issue("feeder@localhost");
        Map<String, byte[]> feeds = new LinkedHashMap<>();
        feeds.put("billion-laughs", utf8(OPEN + HostileXml.billionLaughs(FEED, ENTRY_END)));
        feeds.put("quadratic", utf8(OPEN + HostileXml.quadraticBlowup(FEED, ENTRY_END)));
        feeds.put("xxe-file", utf8(OPEN + HostileXml.externalEntity("file:///etc/passwd", FEED, ENTRY_END)));
        feeds.put("xxe-http", utf8(OPEN + HostileXml.externalEntity(origin.url("feed-entity"), FEED, ENTRY_END)));
        feeds.put("external-dtd", utf8(OPEN + HostileXml.externalDtd(origin.url("feed-dtd"), FEED, ENTRY_END)));
        feeds.put("nul-reference", utf8(OPEN + FEED + "a&#0;b" + ENTRY_END));
        feeds.put("nested-10000", utf8(OPEN + FEED.replace("<title>", "<x:deep xmlns:x='urn:x'>" + HostileXml.nested(10_000)
                + "</x:deep><title>") + ENTRY_END));
        feeds.put("nul-byte", utf8(OPEN + FEED + "a\u0000b" + ENTRY_END));
        feeds.put("not-xml", utf8(OPEN + FEED + "<<<" + ENTRY_END));
        List<String> served = new ArrayList<>(feeds.keySet());
        // Decoded leniently, as feed readers do: bad bytes become U+FFFD and the feed is ingested.
        Map<String, byte[]> lenient = new LinkedHashMap<>();
        lenient.put("invalid-utf8", HostileXml.invalidUtf8(OPEN + FEED + "x</title><updated>2026-11-20T10:00:00Z</updated>"
                + "<entry><id>urn:h:1</id><title>bad", "</title><updated>2026-11-20T10:00:00Z</updated></entry></feed>"));
        served.addAll(lenient.keySet());
        served.add("huge");
        served.add("good");

        Map<String, Integer> ids = new LinkedHashMap<>();
        feeds.forEach((name, body) -> ids.put(name, register(owner, name, origin.serve(name, body))));
        AtomicLong hugeSent = origin.serveHuge("huge", OPEN + FEED, 100L * 1024 * 1024);
        ids.put("huge", register(owner, "huge", origin.url("huge")));
        int good = register(owner, "good", origin.serve("good", utf8(OPEN + FEED + "fine" + ENTRY_END)));
        Map<String, Integer> lenientIds = new LinkedHashMap<>();
        lenient.forEach((name, body) -> lenientIds.put(name, register(owner, name, origin.serve(name, body))));

        await().atMost(WAIT).untilAsserted(() -> {
            for (Map.Entry<String, Integer> e : ids.entrySet()) {
                JsonPath f = feed(owner, e.getValue());
                assertThat(f.getString("status")).as(e.getKey() + ": " + f.prettify()).isEqualTo("error");
                assertThat(f.getString("lastError")).as(e.getKey()).isNotBlank();
            }
            assertThat(feed(owner, good).getString("status")).isEqualTo("ok");
            for (Map.Entry<String, Integer> e : lenientIds.entrySet()) {
                assertThat(feed(owner, e.getValue()).getInt("itemsPublished")).as(e.getKey()).isEqualTo(1);
            }
        });
        lenient.keySet().forEach(name -> {
            String payload = given().urlEncodingEnabled(false).header("Authorization", HttpTokens.bearer(owner))
                    .get(items(name)).then().statusCode(200).extract().path("items[0].payload");
            assertThat(payload).as(name).contains("bad\uFFFD(");
        });
        ids.forEach((name, id) -> {
            String error = feed(owner, id).getString("lastError");
            assertThat(error).as(name).doesNotContain("root:", "fetched", "lollol");
            given().urlEncodingEnabled(false).header("Authorization", HttpTokens.bearer(owner)).get(items(name)).then().statusCode(200)
                    .body("count", org.hamcrest.Matchers.equalTo(0));
        });
        assertThat(hugeSent.get()).as("the huge feed was cut off at the body limit").isLessThan(100L * 1024 * 1024);
        assertThat(origin.requestsExcept(served)).as("no entity or DTD was fetched").isEmpty();
        given().urlEncodingEnabled(false).header("Authorization", HttpTokens.bearer(owner)).get(items("good")).then().statusCode(200)
                .body("count", org.hamcrest.Matchers.equalTo(1));
        // and it keeps being fetched after all that
        int before = fetches("good");
        await().atMost(WAIT).until(() -> fetches("good") >= before + 2);
    }

    private int fetches(String what) {
        return (int) origin.requests().stream().filter(r -> r.endsWith(" /" + what)).count();
    }

    private static String node(String name) {
        return "hostile/feed-" + name + "-" + RUN;
    }

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static String items(String name) {
        return "/api/v1/nodes/" + PathSegments.encode(node(name)) + "/items";
    }

    private static int register(String owner, String name, String url) {
        given().header("Authorization", HttpTokens.bearer(owner)).contentType(ContentType.JSON)
                .body("{\"id\":\"" + node(name) + "\"}").post("/api/v1/nodes").then().statusCode(201);
        return given().header("Authorization", HttpTokens.bearer(owner)).contentType(ContentType.JSON)
                .body(Map.of("url", url, "node", node(name))).post(FEEDS).then().statusCode(201).extract().path("id");
    }

    private static JsonPath feed(String owner, int id) {
        return given().header("Authorization", HttpTokens.bearer(owner)).get(FEEDS + "/" + id).then().statusCode(200)
                .extract().jsonPath();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
