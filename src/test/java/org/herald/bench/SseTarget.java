package org.herald.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.herald.testsupport.HeraldProcess;
import org.herald.testsupport.RedisServer;

/**
 * One system of the SSE fan-out benchmark, started on loopback: where its subscribers connect, how one item is
 * published, and which process tree holds its memory. Both publish over HTTP with keep-alive and both stream the
 * item's id as {@code "id":"f<seq>"} in the event data, so {@link SseSwarm} reads them alike.
 */
abstract class SseTarget implements AutoCloseable {
    final String system;
    final int port;
    HttpClient publisher;

    SseTarget(String system, int port) {
        this.system = system;
        this.port = port;
    }

    static SseTarget start(String system, int maxSubscribers, Path out) throws Exception {
        return switch (system) {
            case "herald" -> new HeraldTarget(maxSubscribers, out);
            case "nchan" -> new NchanTarget(maxSubscribers);
            default -> throw new IllegalArgumentException("unknown SSE system " + system + " (herald, nchan)");
        };
    }

    void openPublisher(Vertx vertx) {
        publisher = vertx.createHttpClient(new HttpClientOptions().setTcpNoDelay(true).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(8));
    }

    abstract void connect(SseSwarm swarm, int n) throws Exception;

    /** Publishes item {@code f<seq>}; succeeds with whether the server acknowledged it (2xx). */
    abstract Future<Boolean> publish(int seq);

    abstract ProcessHandle process();

    Future<Boolean> send(RequestOptions req, String body) {
        return publisher.request(req).compose(r -> r.send(Buffer.buffer(body)))
                .map(resp -> resp.statusCode() / 100 == 2).otherwise(false);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (publisher != null) publisher.close();
    }

    /** Herald from the jar, without the XMPP link, on the machine's PostgreSQL and Redis (from the environment). */
    static final class HeraldTarget extends SseTarget {
        static final String TOKEN = "hrld_test-admin-token";
        static final String TOKEN_SHA256 = "b094d533af044d073d8b1dae2e2256913379f94c0dceca35241e385cbb052384";
        final HeraldProcess herald;
        final String node = "ssebench-" + UUID.randomUUID().toString().substring(0, 8);

        HeraldTarget(int maxSubscribers, Path out) throws Exception {
            super("herald", freePort());
            String jfr = System.getenv("BENCH_SSE_JFR");
            Map<String, String> env = jfr == null || jfr.isBlank() ? Map.of()
                    : Map.of("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr);
            herald = HeraldProcess.startStandalone(List.of(), env, port, out.resolve("sse-herald.log"),
                    "herald.http.tokens.admin.jid", "admin@localhost",
                    "herald.http.tokens.admin.sha256", TOKEN_SHA256,
                    "herald.pubsub.admins", "admin@localhost",
                    "herald.http.stream.max-clients-per-node", Integer.toString(Math.max(10_000, maxSubscribers + 100)));
            awaitReady(herald, port, Duration.ofMinutes(2));
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String body = "{\"id\":\"" + node + "\",\"config\":{\"max_items\":\"max\",\"notify_retract\":false}}";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/nodes"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) throw new IllegalStateException("node not created: " + r.statusCode() + " " + r.body());
        }

        /** The first 200 from {@code /q/health/ready}: Herald's own definition of ready (database, Redis, bus). */
        static void awaitReady(HeraldProcess h, int port, Duration atMost) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            Awaitility.await("Herald ready").atMost(atMost).pollInterval(Duration.ofMillis(20)).until(() -> {
                if (!h.isAlive()) throw new IllegalStateException("Herald exited:\n" + h.logTail());
                try {
                    return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
        }

        @Override
        void connect(SseSwarm swarm, int n) throws Exception {
            swarm.connect(port, node, TOKEN, n, 200, Duration.ofMinutes(3));
        }

        @Override
        Future<Boolean> publish(int seq) {
            RequestOptions req = new RequestOptions().setMethod(HttpMethod.PUT).setHost("127.0.0.1").setPort(port)
                    .setURI("/api/v1/nodes/" + node + "/items/" + ItemIds.of(seq))
                    .addHeader("Authorization", "Bearer " + TOKEN).addHeader("Content-Type", "application/json");
            return send(req, "{\"n\":" + seq + ",\"text\":\"sse fan-out benchmark item\"}");
        }

        @Override
        ProcessHandle process() {
            return ProcessHandle.of(herald.pid()).orElseThrow();
        }

        @Override
        public void close() {
            super.close();
            herald.close();
        }
    }

    /** nginx + Nchan with its channels in a private Redis (never the shared one), as many workers as cores. */
    static final class NchanTarget extends SseTarget {
        final RedisServer redis;
        final Nginx nginx;
        final String channel = "ssebench" + UUID.randomUUID().toString().substring(0, 8);

        NchanTarget(int maxSubscribers) throws Exception {
            super("nchan", freePort());
            redis = RedisServer.start();
            nginx = Nginx.start(port, "redis://127.0.0.1:" + redis.port(), Runtime.getRuntime().availableProcessors(),
                    maxSubscribers + 100);
            nginx.awaitReady(Duration.ofSeconds(30));
        }

        @Override
        void connect(SseSwarm swarm, int n) throws Exception {
            swarm.connect(port, "/sub/" + channel, Map.of(), n, 200, Duration.ofMinutes(3));
        }

        @Override
        Future<Boolean> publish(int seq) {
            RequestOptions req = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                    .setURI("/pub/" + channel).addHeader("Content-Type", "application/json");
            // The same fields Herald's item JSON carries for the scanner: the id first, then a payload of like size.
            return send(req, "{\"id\":\"" + ItemIds.of(seq) + "\",\"payload\":{\"n\":" + seq
                    + ",\"text\":\"sse fan-out benchmark item\"}}");
        }

        @Override
        ProcessHandle process() {
            return nginx.process.toHandle();
        }

        @Override
        public void close() {
            super.close();
            nginx.close();
            redis.close();
        }
    }
}
