package org.herald.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.herald.http.PathSegments;
import org.herald.testsupport.HttpTokens;
import org.junit.jupiter.api.Test;

/**
 * /q/metrics on the real service (PostgreSQL, Redis): the named metrics exist and move when something happens
 * over HTTP. Counters are shared by the whole test JVM run, so every assertion compares with a reading taken
 * before the action, never with an absolute number.
 */
@QuarkusTest
class MetricsEndpointTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String REST_OK = "herald_publish_seconds_count";

    @TestHTTPResource("/")
    URI base;

    private static String nodePath(String id) {
        return "/api/v1/nodes/" + PathSegments.encode(id);
    }

    private static String newNode() {
        String id = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", HttpTokens.bearer(HttpTokens.ADMIN)).contentType(ContentType.JSON)
                .body("{\"id\":\"" + id + "\"}").post("/api/v1/nodes").then().statusCode(201);
        return id;
    }

    private static void publish(String node) {
        given().header("Authorization", HttpTokens.bearer(HttpTokens.ADMIN)).urlEncodingEnabled(false)
                .contentType(ContentType.JSON).body("{\"n\":1}").post(nodePath(node) + "/items").then().statusCode(201);
    }

    @Test
    void everyNamedMetricIsExposed() {
        String text = Scrape.text();
        // gauges and the meters registered at start exist before anything happens
        assertThat(text).contains("herald_xmpp_link_up", "herald_xmpp_link_handshakes_total", "herald_stream_clients",
                "herald_stream_events_sent_total", "herald_websub_deliveries_pending", "herald_items_published_total",
                "herald_xmpp_notifications_total");
        // the link is off in the test profile: the gauge says so
        assertThat(Scrape.value("herald_xmpp_link_up")).hasValue(0.0);
        // the queue gauge leaves its "never counted" -1 once the periodic count has run
        await().atMost(WAIT).until(() -> Scrape.or0("herald_websub_deliveries_pending") >= 0);
        // per-node counters are opt-in (herald.metrics.per-node=false)
        assertThat(text).doesNotContain("herald_node_items_published");
    }

    @Test
    void aRestPublishMovesThePublishItemAndFanOutMetrics() {
        String node = newNode();
        double ok = Scrape.or0(REST_OK, "front_end=\"rest\"", "outcome=\"ok\"");
        double items = Scrape.or0("herald_items_published_total");
        double lag = Scrape.or0("herald_fanout_lag_seconds_count", "sink=\"NodeBusSink\"");

        publish(node);

        // the publish counter moves when the request completes; the sinks are handed the event right after commit
        assertThat(Scrape.or0(REST_OK, "front_end=\"rest\"", "outcome=\"ok\"")).isEqualTo(ok + 1);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(Scrape.or0("herald_items_published_total")).isGreaterThanOrEqualTo(items + 1);
            assertThat(Scrape.or0("herald_fanout_lag_seconds_count", "sink=\"NodeBusSink\"")).isGreaterThanOrEqualTo(lag + 1);
        });
    }

    @Test
    void aRefusedPublishIsCountedUnderItsCondition() {
        double missing = Scrape.or0(REST_OK, "front_end=\"rest\"", "outcome=\"item-not-found\"");
        given().header("Authorization", HttpTokens.bearer(HttpTokens.ADMIN)).urlEncodingEnabled(false)
                .contentType(ContentType.JSON).body("{}").post(nodePath("no-such-node-" + UUID.randomUUID()) + "/items")
                .then().statusCode(404);
        assertThat(Scrape.or0(REST_OK, "front_end=\"rest\"", "outcome=\"item-not-found\"")).isEqualTo(missing + 1);
    }

    @Test
    void anSseClientIsCountedWhileConnectedAndItsEventsAreCounted() throws Exception {
        String node = newNode();
        double clients = Scrape.or0("herald_stream_clients", "transport=\"sse\"");
        double sent = Scrape.or0("herald_stream_events_sent_total", "transport=\"sse\"");

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(base.resolve(nodePath(node).substring(1) + "/events"))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        try (InputStream body = stream.body()) {
            await().atMost(WAIT).until(() -> Scrape.or0("herald_stream_clients", "transport=\"sse\"") >= clients + 1);
            publish(node);
            await().atMost(WAIT).until(() -> Scrape.or0("herald_stream_events_sent_total", "transport=\"sse\"") >= sent + 1);
        }
        // closing our end: the server notices the reset (at the latest on its next heartbeat) and counts the client out
        await().atMost(WAIT).until(() -> Scrape.or0("herald_stream_clients", "transport=\"sse\"") <= clients);
    }
}
