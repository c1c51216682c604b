package org.herald.http.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.herald.service.ItemDraft;
import org.herald.service.PubSubService;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test: SSE delivery latency of one item, from the publish call (PubSubService.publish, as
 * the REST and XMPP front-ends call it; its PostgreSQL transaction included) to the event parsed by a
 * java.net.http client reading the stream. One publish at a time; the next starts once the event arrived.
 * Excluded from the normal build (surefire excludes *Bench); run it with bench/sse-latency.sh. Timings are
 * printed and written to target/bench/, never asserted.
 */
@QuarkusTest
class SseLatencyBench {
    final int n = Integer.getInteger("bench.n", 500);
    final int warmup = Integer.getInteger("bench.warmup", 100);

    @Inject
    PubSubService service;

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL url;

    @Test
    void sseDeliveryLatency() throws Exception {
        StreamFixture fx = new StreamFixture(service, url.toURI());
        String node = fx.node("bench-sse");
        long[] samples = new long[n];
        long[] committed = new long[n];
        try (SseClient sse = SseClient.open(fx.events(node, null), Map.of())) {
            assertThat(sse.status).isEqualTo(200);
            for (int i = 0; i < warmup + n; i++) {
                int before = sse.events.size();
                AtomicReference<Throwable> failed = new AtomicReference<>();
                java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
                String id = "i" + i;
                long start = System.nanoTime();
                publish(node, id, failed, done);
                long deadline = start + TimeUnit.SECONDS.toNanos(30);
                while (sse.events.size() == before || done.get() == 0) {
                    if (failed.get() != null) throw new AssertionError("publish failed", failed.get());
                    if (System.nanoTime() > deadline) throw new AssertionError("no event for " + id);
                    Thread.onSpinWait();
                }
                assertThat(sse.events.get(before).json().get("id").asText()).isEqualTo(id);
                if (i >= warmup) {
                    samples[i - warmup] = sse.arrivals.get(before) - start;
                    committed[i - warmup] = done.get() - start;
                }
            }
        }
        report(samples, committed);
    }

    /** The publish runs as a front-end's would: on its own duplicated Vert.x context. */
    private void publish(String node, String id, AtomicReference<Throwable> failed, java.util.concurrent.atomic.AtomicLong done) {
        Context dup = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(dup, true);
        String payload = "<entry xmlns='http://www.w3.org/2005/Atom'><title>Latency</title><id>" + id + "</id></entry>";
        dup.runOnContext(v -> service.publish(StreamFixture.OWNER, node,
                new ItemDraft(id, payload, "http://www.w3.org/2005/Atom"), null).subscribe().with(r -> done.set(System.nanoTime()), failed::set));
    }

    private void report(long[] samples, long[] committed) throws Exception {
        String text = String.format(Locale.ROOT, "n=%d after %d warm-up, ms%n", n, warmup)
                + line("publish call -> SSE event parsed by the client", samples)
                + line("publish call -> publish result (its transaction committed)", committed);
        System.out.println(text);
        Path dir = Path.of("target", "bench");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("sse-latency.txt"), text, StandardCharsets.UTF_8);
    }

    private static String line(String what, long[] samples) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%s:%n  median %.3f  p95 %.3f  p99 %.3f  min %.3f  max %.3f%n", what,
                ms(rank(sorted, 50)), ms(rank(sorted, 95)), ms(rank(sorted, 99)), ms(sorted[0]), ms(sorted[sorted.length - 1]));
    }

    /** Nearest-rank percentile. */
    private static long rank(long[] sorted, int p) {
        int k = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, k - 1))];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
