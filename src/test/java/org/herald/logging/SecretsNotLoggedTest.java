package org.herald.logging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.herald.http.PathSegments;
import org.herald.metrics.Scrape;
import org.herald.testsupport.HttpTokens;
import org.herald.testsupport.InjectProsody;
import org.herald.testsupport.Prosody;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.PubSubClient;
import org.herald.testsupport.XmppClients;
import org.herald.xmpp.component.ComponentLink;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Runs Herald with a known component secret (Prosody's, really used in the handshake), a known database password,
 * a configured bearer token and an issued one, logging everything at DEBUG to a JSON file from start-up on, and
 * checks that none of those secrets appears anywhere in what was logged. The same file shows the JSON format works:
 * every line is one JSON object.
 */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
@TestProfile(SecretsNotLoggedTest.JsonFileLogs.class)
class SecretsNotLoggedTest {
    /** Fixed, so the profile (which may load in another class loader) and the test agree on it. */
    static final Path LOG = Path.of("target", "secrets-not-logged.json.log");
    static final String DB_PASSWORD = "obs-db-password-5b0c1e";
    static final String HUB_SECRET = "websub-hub-secret-7e31a9";
    private static final Logger TEST_LOG = Logger.getLogger(SecretsNotLoggedTest.class);

    public static class JsonFileLogs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.deleteIfExists(LOG); // called before start-up: the file then holds this run only
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of(
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG.toString(),
                    "quarkus.log.file.level", "DEBUG",
                    "quarkus.log.file.json.enabled", "true",
                    "quarkus.log.category.\"org.herald\".level", "DEBUG",
                    // local PostgreSQL trusts loopback connections, so a password is carried around but never needed
                    "quarkus.datasource.password", DB_PASSWORD);
        }
    }

    @InjectProsody
    Prosody prosody;

    @Inject
    ComponentLink link;

    @Inject
    HttpTokens tokens;

    @Inject
    org.herald.http.HttpConfig http;

    /** A WebSub subscriber on loopback (the test profile allows private callbacks): confirms intent, takes deliveries. */
    static final class HubSubscriber implements AutoCloseable {
        private final com.sun.net.httpserver.HttpServer server;
        private final java.util.List<String> methods = new java.util.concurrent.CopyOnWriteArrayList<>();

        HubSubscriber() throws IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/cb", exchange -> {
                methods.add(exchange.getRequestMethod());
                String query = exchange.getRequestURI().getRawQuery();
                String challenge = "";
                for (String pair : query == null ? new String[0] : query.split("&")) {
                    if (pair.startsWith("hub.challenge=")) challenge = pair.substring("hub.challenge=".length());
                }
                byte[] body = challenge.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                if (body.length > 0) exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/cb";
        }

        java.util.List<String> requests() {
            return java.util.List.copyOf(methods);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void noSecretAppearsInTheLogs() throws Exception {
        await().atMost(PubSubClient.TIMEOUT).until(link::isConnected);
        String componentSecret = prosody.componentSecret(ProsodyResource.COMPONENT);
        String node = "secrets-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/api/v1/nodes/" + PathSegments.encode(node);
        String issued;
        try (XmppClients clients = new XmppClients(prosody)) {
            PubSubClient reader = new PubSubClient(clients.connectNewUser(), ProsodyResource.COMPONENT);
            issued = tokens.issue(reader.bareJid());
            given().header("Authorization", HttpTokens.bearer(HttpTokens.ADMIN)).contentType(ContentType.JSON)
                    .body("{\"id\":\"" + node + "\"}").post("/api/v1/nodes").then().statusCode(201);
            reader.set("<subscribe node='" + node + "' jid='" + reader.jid() + "'/>");
            given().header("Authorization", HttpTokens.bearer(HttpTokens.ADMIN)).urlEncodingEnabled(false)
                    .contentType(ContentType.JSON).body("{\"n\":1}").post(path + "/items").then().statusCode(201);
            reader.nextEvent(); // the notification went out over the component link
            // the issued token in use, and refusals: a wrong token and a token-like string in a bad request
            given().header("Authorization", HttpTokens.bearer(issued)).get("/api/v1/subscriptions").then().statusCode(200);
            given().header("Authorization", HttpTokens.bearer(issued + "x")).get("/api/v1/subscriptions").then().statusCode(401);
            // a WebSub subscription with hub.secret: verified, then a signed delivery made with that secret
            try (HubSubscriber subscriber = new HubSubscriber()) {
                given().contentType(ContentType.URLENC).formParam("hub.mode", "subscribe")
                        .formParam("hub.callback", subscriber.url()).formParam("hub.topic", http.publicUrl() + "/feeds/" + node + ".atom")
                        .formParam("hub.secret", HUB_SECRET).post("/websub").then().statusCode(202);
                await().atMost(PubSubClient.TIMEOUT).until(() -> subscriber.requests().contains("GET"));
                given().header("Authorization", HttpTokens.bearer(HttpTokens.ADMIN)).urlEncodingEnabled(false)
                        .contentType(ContentType.JSON).body("{\"n\":2}").post(path + "/items").then().statusCode(201);
                await().atMost(PubSubClient.TIMEOUT).until(() -> subscriber.requests().contains("POST"));
            }
        }
        String marker = "log-capture-marker-" + UUID.randomUUID();
        TEST_LOG.info(marker);

        await().atMost(PubSubClient.TIMEOUT).until(() -> Files.exists(LOG) && Files.readString(LOG).contains(marker));
        List<String> lines = Files.readAllLines(LOG, StandardCharsets.UTF_8);
        String text = String.join("\n", lines);
        // the capture is real: start-up, the link and Herald's own debug lines are in it
        assertThat(text).contains("Component " + ProsodyResource.COMPONENT + " serves", "Connecting component " + ProsodyResource.COMPONENT,
                "\"level\":\"DEBUG\"", "Profile test activated");
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            JsonNode record = json.readTree(line);
            assertThat(record.has("message") && record.has("level")).as("a JSON log record: %s", line).isTrue();
        }
        // and holds none of the secrets
        assertThat(text).doesNotContain(componentSecret, DB_PASSWORD, HttpTokens.ADMIN, issued, HUB_SECRET,
                sha256(HttpTokens.ADMIN), sha256(issued));
    }

    /** Hex SHA-256, the form in which tokens are stored and configured. */
    private static String sha256(String token) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** Shares this class's Prosody (one Herald start): the XMPP side of /q/metrics, which the other tests run without. */
    @Test
    void theLinkAndNotificationMetricsFollowXmpp() {
        await().atMost(PubSubClient.TIMEOUT).until(link::isConnected);
        assertThat(Scrape.value("herald_xmpp_link_up")).hasValue(1.0);
        assertThat(Scrape.or0("herald_xmpp_link_handshakes_total")).isGreaterThanOrEqualTo(1);
        String node = "xmpp-metrics-" + UUID.randomUUID().toString().substring(0, 8);
        try (XmppClients clients = new XmppClients(prosody)) {
            PubSubClient user = new PubSubClient(clients.connectNewUser(), ProsodyResource.COMPONENT);
            double xmppOk = Scrape.or0("herald_publish_seconds_count", "front_end=\"xmpp\"", "outcome=\"ok\"");
            double sent = Scrape.or0("herald_xmpp_notifications_total", "result=\"sent\"");
            user.set("<create node='" + node + "'/>");
            user.set("<subscribe node='" + node + "' jid='" + user.jid() + "'/>");
            user.set("<publish node='" + node + "'><item id='one'><x xmlns='urn:example'/></item></publish>");
            user.nextEvent();
            assertThat(Scrape.or0("herald_publish_seconds_count", "front_end=\"xmpp\"", "outcome=\"ok\"")).isEqualTo(xmppOk + 1);
            assertThat(Scrape.or0("herald_xmpp_notifications_total", "result=\"sent\"")).isGreaterThanOrEqualTo(sent + 1);
            assertThat(Scrape.or0("herald_fanout_lag_seconds_count", "sink=\"XmppNotifier\"")).isGreaterThanOrEqualTo(1);
        }
    }
}
