package org.herald.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import org.herald.testsupport.HeraldProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two Herald processes on the same PostgreSQL, Redis database and prefix (inherited from the environment), caches
 * on: a change made through one is seen by the very next read on the other, although the other had the node's
 * configuration and items cached in Redis a moment before.
 */
class CacheTwoInstancesIT {
    private static final String TOKEN = "hrld_cache-two-instances-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newHttpClient();
    private HeraldProcess first;
    private HeraldProcess second;

    @AfterEach
    void stop() {
        if (first != null) first.close();
        if (second != null) second.close();
    }

    @Test
    void aChangeOnOneInstanceIsSeenByTheNextReadOnTheOther() throws Exception {
        String[] props = {"herald.http.tokens.cache.jid", "owner@localhost", "herald.http.tokens.cache.sha256", sha256(TOKEN)};
        first = HeraldProcess.startWithoutLink(Path.of("target", "cache-it", "first.log"), props);
        second = HeraldProcess.startWithoutLink(Path.of("target", "cache-it", "second.log"), props);
        int portA = first.awaitHttpPort(Duration.ofSeconds(90));
        int portB = second.awaitHttpPort(Duration.ofSeconds(90));
        String a = "http://127.0.0.1:" + portA;
        String b = "http://127.0.0.1:" + portB;
        awaitUp(a, first);
        awaitUp(b, second);

        String node = "two-" + UUID.randomUUID();
        assertThat(send(a, "POST", "/api/v1/nodes", "{\"id\":\"" + node + "\",\"config\":{\"title\":\"t0\",\"max_items\":50}}").statusCode())
                .isEqualTo(201);
        for (int round = 1; round <= 5; round++) {
            // the second instance reads (and so caches) the node and its items...
            assertThat(title(b, node)).isEqualTo("t" + (round - 1));
            assertThat(title(b, node)).isEqualTo("t" + (round - 1));
            int before = items(b, node);
            // ...the first changes both...
            assertThat(send(a, "PUT", "/api/v1/nodes/" + node + "/config", "{\"title\":\"t" + round + "\"}").statusCode()).isEqualTo(200);
            assertThat(send(a, "PUT", "/api/v1/nodes/" + node + "/items/i" + round, "{\"round\":" + round + "}").statusCode()).isEqualTo(200);
            // ...and the second's next reads show the change
            assertThat(title(b, node)).isEqualTo("t" + round);
            assertThat(items(b, node)).isEqualTo(before + 1);
        }
        assertThat(second.logText()).doesNotContain("ERROR");
    }

    private String title(String base, String node) throws Exception {
        HttpResponse<String> r = send(base, "GET", "/api/v1/nodes/" + node, null);
        assertThat(r.statusCode()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonObject("config").getString("title");
    }

    private int items(String base, String node) throws Exception {
        HttpResponse<String> r = send(base, "GET", "/api/v1/nodes/" + node + "/items", null);
        assertThat(r.statusCode()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonArray("items").size();
    }

    private HttpResponse<String> send(String base, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (json != null) {
            b.header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitUp(String base, HeraldProcess process) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) throw new IllegalStateException("Herald exited:\n" + process.logTail());
            try {
                return send(base, "GET", "/q/health/live", null).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

}
