package org.herald.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.herald.http.PathSegments;
import org.herald.testsupport.HttpTokens;
import org.junit.jupiter.api.Test;

/**
 * Redis unreachable (a port nothing listens on): readiness stays UP and says Redis is down and the service degraded
 * (the Redis check and the fan-out bus's), while PostgreSQL stays UP as its
 * own check, and a publish over REST is still accepted and readable, because PostgreSQL is the truth and Redis
 * only holds the position index's copy (whose updates fail on their own, after the commit).
 */
@QuarkusTest
@TestProfile(RedisDownTest.RedisDown.class)
class RedisDownTest {
    public static class RedisDown implements QuarkusTestProfile {
        /** A loopback port that was free a moment ago and is closed now: connections to it are refused. */
        static final int CLOSED_PORT = closedPort();

        private static int closedPort() {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // short geo timeout: the index update after the publish gives up quickly instead of hanging about
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + CLOSED_PORT + "/5",
                    "herald.geo.redis-timeout", "500ms");
        }
    }

    private static JsonPath readiness() {
        // degraded, still ready: the service works without Redis, and one Redis outage must not unready every replica
        return given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> check(JsonPath health, String name) {
        List<Map<String, Object>> checks = health.getList("checks");
        return checks.stream().filter(c -> name.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no readiness check " + name + " in " + checks));
    }

    @SuppressWarnings("unchecked")
    private static void assertRedisDegraded(JsonPath health) {
        Map<String, Object> data = (Map<String, Object>) check(health, "Redis").get("data");
        assertThat(data).containsEntry("redis", "down").containsEntry("degraded", true);
        Map<String, Object> bus = (Map<String, Object>) check(health, "Redis fan-out bus").get("data");
        assertThat(bus).containsEntry("subscribed", false).containsEntry("degraded", true);
    }

    private static String statusOf(JsonPath health, String nameFragment) {
        List<Map<String, Object>> checks = health.getList("checks");
        return checks.stream().filter(c -> String.valueOf(c.get("name")).toLowerCase().contains(nameFragment))
                .map(c -> String.valueOf(c.get("status"))).findFirst()
                .orElseThrow(() -> new AssertionError("no readiness check named like " + nameFragment + " in " + checks));
    }

    @Test
    void readinessReportsRedisDownAsDegradedAndPostgresAsUp() {
        JsonPath health = readiness();
        assertThat(health.getString("status")).isEqualTo("UP");
        assertRedisDegraded(health);
        assertThat(statusOf(health, "postgresql")).isEqualTo("UP");
        // liveness does not depend on Redis: nothing needs restarting
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void aRestPublishIsAcceptedAndReadableWithRedisDown() {
        String node = "redis-down-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/api/v1/nodes/" + PathSegments.encode(node);
        String auth = HttpTokens.bearer(HttpTokens.ADMIN);
        given().header("Authorization", auth).contentType(ContentType.JSON).body("{\"id\":\"" + node + "\"}")
                .post("/api/v1/nodes").then().statusCode(201);
        // a position too: the one payload that touches Redis (the GEO index) on its way
        String geoloc = "<geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>48.1</lat><lon>11.6</lon></geoloc>";
        given().header("Authorization", auth).urlEncodingEnabled(false).contentType("application/xml").body(geoloc)
                .put(path + "/items/tram-1").then().statusCode(200);
        given().header("Authorization", auth).urlEncodingEnabled(false).contentType(ContentType.JSON).body("{\"a\":1}")
                .put(path + "/items/plain").then().statusCode(200);

        given().header("Authorization", auth).urlEncodingEnabled(false).get(path + "/items/plain").then().statusCode(200);
        given().header("Authorization", auth).urlEncodingEnabled(false).get(path + "/items/tram-1").then().statusCode(200);
        // position queries answer from PostgreSQL while Redis is away
        given().header("Authorization", auth).urlEncodingEnabled(false).get(path + "/positions?bbox=11,48,12,49")
                .then().statusCode(200);
        // and readiness still reports Redis down (degraded) afterwards, with nothing crashed in between
        assertRedisDegraded(readiness());
    }
}
