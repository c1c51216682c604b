package org.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.herald.testsupport.HeraldProcess;
import org.herald.testsupport.Prosody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test: fan-out of one node to 1,000 XMPP subscribers (anonymous logins through Prosody, full-JID
 * subscriptions, {@link LeanXmppSwarm}) and 10,000 SSE clients ({@link SseSwarm}), with 1 or 2 Herald instances
 * (separate processes, {@code bench.instances}) on one PostgreSQL, Redis and Prosody. Items are published over REST
 * (PUT with the id {@code f<seq>}), first at a steady rate, then at saturation (a fixed number of publishes in
 * flight). Reports items/s acknowledged, notifications/s delivered (XMPP and SSE apart) and publish → delivery
 * p50/p99, measured from just before the publish request to the client parsing the notification. Everything runs on
 * one machine. Excluded from the normal build (surefire excludes *Bench); run it with bench/fanout.sh. Asserts only
 * that the clients connected; timings are printed and written to target/bench/, never asserted.
 */
class FanOutBench {
    static final String DOMAIN = "localhost";
    static final String COMPONENT = "pubsub." + DOMAIN;
    static final String TOKEN = "hrld_test-admin-token";
    static final String TOKEN_SHA256 = "b094d533af044d073d8b1dae2e2256913379f94c0dceca35241e385cbb052384";
    static final Path OUT = Path.of("target", "bench");

    final int instances = Integer.getInteger("bench.instances", 1);
    final int xmppClients = Integer.getInteger("bench.xmpp", 1000);
    final int sseClients = Integer.getInteger("bench.sse", 10000);
    final double rate = Double.parseDouble(System.getProperty("bench.rate", "1"));
    final int steadySeconds = Integer.getInteger("bench.seconds", 30);
    final int concurrency = Integer.getInteger("bench.concurrency", 4);
    final int saturationSeconds = Integer.getInteger("bench.saturation-seconds", 20);
    final int warmup = Integer.getInteger("bench.warmup", 3);

    final AtomicLongArray published = new AtomicLongArray(1_000_000);
    final Deliveries xmpp = new Deliveries(published);
    final Deliveries sse = new Deliveries(published);
    final String node = "fanout-" + UUID.randomUUID().toString().substring(0, 8);
    final StringBuilder report = new StringBuilder();
    int nextSeq;

    Prosody prosody;
    final List<HeraldProcess> heralds = new ArrayList<>();
    final List<Integer> ports = new ArrayList<>();
    Vertx vertx;
    LeanXmppSwarm xmppSwarm;
    final List<SseSwarm> sseSwarms = new ArrayList<>();
    HttpClient publisher;

    @AfterEach
    void cleanUp() {
        if (xmppSwarm != null) xmppSwarm.close();
        sseSwarms.forEach(SseSwarm::close);
        if (publisher != null) publisher.close();
        if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        heralds.forEach(HeraldProcess::close);
        if (prosody != null) prosody.close();
    }

    @Test
    void fanOut() throws Exception {
        prosody = Prosody.builder(DOMAIN).components(COMPONENT).logLevel("info").start();
        for (int i = 1; i <= instances; i++) startHerald(i);
        for (int i = 0; i < instances; i++) awaitReady(i);
        awaitLinkHolder();
        createNode();

        // Two event loops for 11,000 client connections and the publisher: the bench shares the 2 cores with Herald.
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        publisher = vertx.createHttpClient(new HttpClientOptions().setTcpNoDelay(true).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(Math.max(8, concurrency * 2)));
        long t0 = System.nanoTime();
        xmppSwarm = new LeanXmppSwarm(vertx, prosody.host(), prosody.c2sPort(), prosody.anonymousDomain(), COMPONENT, node, xmpp);
        xmppSwarm.connect(xmppClients, 50, Duration.ofMinutes(3));
        double xmppConnect = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        for (int i = 0; i < instances; i++) {
            int share = sseClients / instances + (i < sseClients % instances ? 1 : 0);
            SseSwarm swarm = new SseSwarm(vertx, share + 10, sse);
            sseSwarms.add(swarm);
            swarm.connect(ports.get(i), node, TOKEN, share, 200, Duration.ofMinutes(3));
        }
        double sseConnect = (System.nanoTime() - t0) / 1e9;
        assertThat(xmppSwarm.subscribed).hasValue(xmppClients);
        assertThat(sseSwarms.stream().mapToInt(s -> s.open.get()).sum()).isEqualTo(sseClients);

        report.append(String.format(Locale.ROOT, "# Fan-out: %d instance(s), %d XMPP subscribers, %d SSE clients%n%n"
                        + "Started %s UTC; node `%s`. Connected %d XMPP subscribers in %.1f s, %d SSE clients in %.1f s.%n%n",
                instances, xmppClients, sseClients, OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME),
                node, xmppClients, xmppConnect, sseClients, sseConnect));
        report.append("| phase | items | items/s acked | XMPP notif./s | XMPP p50 ms | XMPP p99 ms | XMPP delivered "
                + "| SSE notif./s | SSE p50 ms | SSE p99 ms | SSE delivered | load avg after |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");

        // Warm-up: one item at a time until every client has it, which also proves every stream is live.
        Phase w = new Phase("warm-up");
        for (int i = 0; i < warmup; i++) {
            publishOne(w);
            w.awaitAcked(Duration.ofSeconds(30));
            drain(w, Duration.ofSeconds(60));
        }
        w.write(false);
        Phase steady = steady();
        steady.write(true);
        Phase saturation = saturation();
        saturation.write(true);
        long closed = sseSwarms.stream().mapToLong(s -> s.closedEarly.get()).sum();
        report.append(String.format(Locale.ROOT, "%nSSE streams closed by the server during the run: %d. "
                + "Notifications for unknown items: XMPP %d, SSE %d. Duplicates (a client got an item twice; not counted as "
                + "delivered): XMPP %d, SSE %d.%n", closed, xmpp.unknown(), sse.unknown(), xmpp.duplicates(), sse.duplicates()));
        System.out.println(report);
        Files.createDirectories(OUT);
        String stamp = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Files.writeString(OUT.resolve("fanout-" + instances + "i-" + stamp + ".md"), report, StandardCharsets.UTF_8);
    }

    /** {@code rate} items per second for {@code steadySeconds}, paced by the clock, then drained. */
    Phase steady() {
        Phase p = new Phase(String.format(Locale.ROOT, "steady %.0f/s", rate));
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        int n = (int) Math.round(rate * steadySeconds);
        for (int i = 0; i < n; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
            publishOne(p);
        }
        p.awaitAcked(Duration.ofSeconds(60));
        drain(p, Duration.ofSeconds(90));
        return p;
    }

    /** {@code concurrency} publishes in flight for {@code saturationSeconds}, then drained. */
    Phase saturation() throws InterruptedException {
        Phase p = new Phase("saturation, " + concurrency + " in flight");
        Semaphore inFlight = new Semaphore(concurrency);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(saturationSeconds);
        while (System.nanoTime() < end) {
            if (!inFlight.tryAcquire(1, TimeUnit.SECONDS)) continue;
            publishOne(p).whenComplete((ok, e) -> inFlight.release());
        }
        p.awaitAcked(Duration.ofSeconds(60));
        drain(p, Duration.ofSeconds(120));
        return p;
    }

    /** One publish, round-robin over the instances (with 2, half the items enter on each). */
    java.util.concurrent.CompletableFuture<Boolean> publishOne(Phase p) {
        int seq = nextSeq++;
        int instance = seq % instances;
        p.sent.incrementAndGet();
        if (p.firstSeq < 0) p.firstSeq = seq;
        String body = "{\"n\":" + seq + ",\"text\":\"fan-out benchmark item\"}";
        RequestOptions req = new RequestOptions().setMethod(HttpMethod.PUT).setHost("127.0.0.1").setPort(ports.get(instance))
                .setURI("/api/v1/nodes/" + node + "/items/" + ItemIds.of(seq))
                .addHeader("Authorization", "Bearer " + TOKEN).addHeader("Content-Type", "application/json");
        java.util.concurrent.CompletableFuture<Boolean> done = new java.util.concurrent.CompletableFuture<>();
        published.set(seq, System.nanoTime());
        publisher.request(req).compose(r -> r.send(Buffer.buffer(body))).onComplete(ar -> {
            boolean ok = ar.succeeded() && ar.result().statusCode() / 100 == 2;
            if (ok) {
                p.acked.incrementAndGet();
                p.lastAck.accumulateAndGet(System.nanoTime(), Math::max);
            } else {
                p.failed.incrementAndGet();
            }
            done.complete(ok);
        });
        return done;
    }

    /** Waits until every client has every item of the phase, or until deliveries stop progressing for 15 s. */
    void drain(Phase p, Duration atMost) {
        long[] last = {-1, System.nanoTime()};
        try {
            Awaitility.await("deliveries of " + p.name).atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
                long have = (long) xmpp.count() + sse.count();
                if (have != last[0]) {
                    last[0] = have;
                    last[1] = System.nanoTime();
                }
                boolean complete = xmpp.count() - p.xmppFrom >= (long) p.acked.get() * xmppClients
                        && sse.count() - p.sseFrom >= (long) p.acked.get() * sseClients;
                return complete || System.nanoTime() - last[1] > TimeUnit.SECONDS.toNanos(15);
            });
        } catch (ConditionTimeoutException e) {
            // reported as a shortfall in the delivered columns
        }
    }

    /** One phase's counters; sample indexes tell its latencies apart from the previous phase's. */
    final class Phase {
        final String name;
        final long start = System.nanoTime();
        final int xmppFrom = xmpp.count();
        final int sseFrom = sse.count();
        final long xmppDupFrom = xmpp.duplicates();
        final long sseDupFrom = sse.duplicates();
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger acked = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicLong lastAck = new AtomicLong();
        int firstSeq = -1;

        Phase(String name) {
            this.name = name;
        }

        void awaitAcked(Duration atMost) {
            Awaitility.await(name + " acknowledged").atMost(atMost).pollInterval(Duration.ofMillis(20))
                    .until(() -> acked.get() + failed.get() == sent.get());
        }

        void write(boolean table) {
            long firstPublish = published.get(firstSeq);
            double publishSeconds = (lastAck.get() - firstPublish) / 1e9;
            long[] x = xmpp.sortedSince(xmppFrom);
            long[] s = sse.sortedSince(sseFrom);
            double xSeconds = (xmpp.lastArrival() - firstPublish) / 1e9;
            double sSeconds = (sse.lastArrival() - firstPublish) / 1e9;
            long xExpected = (long) acked.get() * xmppClients;
            long sExpected = (long) acked.get() * sseClients;
            long xDup = xmpp.duplicates() - xmppDupFrom;
            long sDup = sse.duplicates() - sseDupFrom;
            String row = String.format(Locale.ROOT,
                    "| %s | %d%s | %.1f | %.0f | %.1f | %.1f | %d/%d%s | %.0f | %.1f | %.1f | %d/%d%s | %s |%n",
                    name, acked.get(), failed.get() > 0 ? " (" + failed.get() + " failed)" : "",
                    acked.get() / Math.max(publishSeconds, 1e-9), x.length / Math.max(xSeconds, 1e-9),
                    Deliveries.percentileMs(x, 50), Deliveries.percentileMs(x, 99), x.length, xExpected,
                    xDup > 0 ? " + " + xDup + " dup." : "",
                    s.length / Math.max(sSeconds, 1e-9), Deliveries.percentileMs(s, 50), Deliveries.percentileMs(s, 99),
                    s.length, sExpected, sDup > 0 ? " + " + sDup + " dup." : "", loadAverage());
            if (table) report.append(row);
            System.out.print(row);
        }
    }

    void startHerald(int i) throws IOException {
        int port = freePort();
        ports.add(port);
        heralds.add(HeraldProcess.start(prosody, COMPONENT, OUT.resolve("fanout-herald-" + i + ".log"),
                "quarkus.http.port", String.valueOf(port),
                "herald.http.tokens.admin.jid", "admin@localhost",
                "herald.http.tokens.admin.sha256", TOKEN_SHA256,
                "herald.pubsub.admins", "admin@localhost",
                "herald.pubsub.max-items", "1000000",
                "herald.http.stream.max-clients-per-node", "20000"));
    }

    void awaitReady(int i) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        HeraldProcess h = heralds.get(i);
        Awaitility.await("Herald " + (i + 1) + " ready").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!h.isAlive()) throw new AssertionError("Herald exited:\n" + h.logTail());
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(i) + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /**
     * Until one instance holds the XMPP link and has it up: with several instances on Prosody the others are ready as
     * standbys (links=one) before any of them took the lease, and a subscribe sent then bounces off Prosody.
     */
    void awaitLinkHolder() {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        Awaitility.await("an instance holding the XMPP link").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    for (int i = 0; i < instances; i++) {
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + ports.get(i) + "/q/health/ready")).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200 && r.body().contains("\"handshakes\"")) return true;
                        } catch (IOException e) {
                            // not answering right now
                        }
                    }
                    return false;
                });
    }

    void createNode() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String body = "{\"id\":\"" + node + "\",\"config\":{\"max_items\":\"max\",\"notify_retract\":false}}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(0) + "/api/v1/nodes"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
