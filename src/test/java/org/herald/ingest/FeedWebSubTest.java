package org.herald.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.herald.ingest.FeedsResourceTest.FEEDS;
import static org.herald.ingest.FeedsResourceTest.as;
import static org.herald.ingest.FeedsResourceTest.register;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.herald.http.HttpConfig;
import org.herald.http.websub.SignatureMethod;
import org.herald.testsupport.HttpTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Herald as a WebSub subscriber: a feed advertising a hub gets subscribed (the hub's verification is answered),
 * content the hub pushes with a valid X-Hub-Signature is published, unsigned or wrongly signed content is ignored.
 * The hub is a small one in the test, acting as W3C WebSub §5.3 and §7 describe.
 */
@QuarkusTest
class FeedWebSubTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static LocalFeedServer origin;
    static HttpServer hub;
    static final ConcurrentLinkedQueue<Map<String, String>> requests = new ConcurrentLinkedQueue<>();

    @Inject
    HttpTokens tokens;
    @Inject
    HttpConfig http;
    @TestHTTPResource("/")
    URL app;

    final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        origin = new LocalFeedServer();
        hub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hub.createContext("/hub", exchange -> {
            Map<String, String> form = new HashMap<>();
            for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                int eq = pair.indexOf('=');
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            requests.add(form);
            exchange.sendResponseHeaders(202, -1); // §5.1: accepted, verification follows
            exchange.close();
        });
        hub.start();
    }

    @AfterAll
    static void stop() {
        origin.close();
        hub.stop(0);
    }

    @Test
    void pushedContentIsPublishedOnlyWhenSigned() throws Exception {
        String owner = tokens.issue("websub-" + UUID.randomUUID().toString().substring(0, 6) + "@localhost");
        String node = "ingest/websub-" + UUID.randomUUID().toString().substring(0, 8);
        as(owner).contentType(ContentType.JSON).body("{\"id\":\"" + node + "\"}").post("/api/v1/nodes").then().statusCode(201);
        String path = "/pushed-" + UUID.randomUUID() + ".atom";
        String hubUrl = "http://127.0.0.1:" + hub.getAddress().getPort() + "/hub";
        String self = origin.url(path);
        origin.serve(path, withHub(LocalFeedServer.atom("pushed", "urn:p:1", "Polled", "from polling"), hubUrl, self));
        int id = register(owner, self, node).statusCode(201).extract().path("id");

        // §5.1: Herald asks the hub, with its callback and a secret.
        await().atMost(WAIT).until(() -> requests.stream().anyMatch(r -> r.get("hub.topic").equals(self)));
        Map<String, String> request = requests.stream().filter(r -> r.get("hub.topic").equals(self)).findFirst().orElseThrow();
        assertThat(request).containsEntry("hub.mode", "subscribe")
                .containsEntry("hub.callback", http.publicUrl() + "/api/v1/feeds/" + id + "/websub");
        String secret = request.get("hub.secret");
        assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
        // The test profile's public URL is nominal (the app listens on a random port): the hub calls the real one.
        String callback = request.get("hub.callback").replace(http.publicUrl() + "/", app.toString());

        // §5.3: a verification for another topic is refused; ours is confirmed by echoing the challenge.
        assertThat(get(callback + "?hub.mode=subscribe&hub.topic=http%3A%2F%2Fother.example%2F&hub.challenge=x").statusCode()).isEqualTo(404);
        HttpResponse<String> verified = get(callback + "?hub.mode=subscribe&hub.topic="
                + java.net.URLEncoder.encode(self, StandardCharsets.UTF_8) + "&hub.challenge=c-123&hub.lease_seconds=3600");
        assertThat(verified.statusCode()).isEqualTo(200);
        assertThat(verified.body()).isEqualTo("c-123");
        as(owner).get(FEEDS + "/" + id).then().body("websub", equalTo("active"));
        await().atMost(WAIT).untilAsserted(() -> as(owner).get(FEEDS + "/" + id).then().body("itemsPublished", equalTo(1)));

        // §7/§8: unsigned and wrongly signed pushes are acknowledged and ignored; a signed one is published.
        byte[] forged = LocalFeedServer.atom("pushed", "urn:p:2", "Forged", "x").getBytes(StandardCharsets.UTF_8);
        assertThat(post(callback, forged, null).statusCode()).isEqualTo(202);
        assertThat(post(callback, forged, SignatureMethod.SHA256.header("not-the-secret", forged)).statusCode()).isEqualTo(202);
        byte[] pushed = LocalFeedServer.atom("pushed", "urn:p:3", "Pushed", "from the hub").getBytes(StandardCharsets.UTF_8);
        assertThat(post(callback, pushed, SignatureMethod.SHA256.header(secret, pushed)).statusCode()).isEqualTo(202);

        await().atMost(WAIT).untilAsserted(() -> as(owner).get(FEEDS + "/" + id).then().body("itemsPublished", equalTo(2)));
        List<String> titles = given().urlEncodingEnabled(false).get("/api/v1/nodes/" + node.replace("/", "%2F") + "/items")
                .then().statusCode(200).extract().path("items.payload");
        assertThat(String.join("\n", titles)).contains("Pushed").contains("Polled").doesNotContain("Forged");
        // Polling goes on, slower, as the fallback.
        as(owner).get(FEEDS + "/" + id).then().body("status", equalTo("ok"));
    }

    /** Adds the feed's rel=hub and rel=self links (WebSub §4 discovery) to an Atom document. */
    private static String withHub(String atom, String hubUrl, String self) {
        return atom.replaceFirst("<title>", "<link rel='hub' href='" + hubUrl + "'/><link rel='self' href='" + self + "'/><title>");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, byte[] body, String signature) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/atom+xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) b.header("X-Hub-Signature", signature);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
