package org.herald.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.herald.bench.report.BenchLog;
import org.herald.bench.report.BenchRecord;

/**
 * Scenario {@code sse-fanout} (issue #8): S SSE subscribers on one node of Herald, then on one channel of Nchan, and a
 * publisher at rising offered rates, each held for a few seconds and drained. Per step: deliveries per second, publish
 * → delivery p50/p99 (from just before the publish request to the client parsing the event) and what never arrived;
 * per S the time to connect every subscriber. Also the system's resident memory at the end of the load (scenario
 * {@code startup}, metric {@code rss_load_mib}). Run by {@code bench/run}; sizes from the environment:
 * <ul>
 * <li>{@code BENCH_SSE_SYSTEMS} (herald,nchan), {@code BENCH_SSE_SUBSCRIBERS} (1000,10000);</li>
 * <li>{@code BENCH_SSE_DELIVERIES} offered deliveries per second per step (10000,30000,90000): the item rate of a
 * step is this divided by S, so both sizes are loaded alike;</li>
 * <li>{@code BENCH_SSE_SECONDS} per step (3), {@code BENCH_OUT} for logs (target/bench);</li>
 * <li>{@code BENCH_SSE_JFR}: a file name; Herald then runs with a JFR recording (profile settings) dumped there on exit.</li>
 * </ul>
 * Exits 1 if a run failed (after trying the others), so bench/run reports it.
 */
final class SseFanOut {
    static final String SCENARIO = "sse-fanout";
    /** A step's drain ends when deliveries made no progress for this long, or after {@link #DRAIN_MAX}. */
    static final Duration STALL = Duration.ofSeconds(5);
    static final Duration DRAIN_MAX = Duration.ofSeconds(25);

    final BenchLog log;
    final Path out;
    final int seconds;
    final List<Integer> deliveriesPerSecond;

    SseFanOut(BenchLog log, Path out, int seconds, List<Integer> deliveriesPerSecond) {
        this.log = log;
        this.out = out;
        this.seconds = seconds;
        this.deliveriesPerSecond = deliveriesPerSecond;
    }

    public static void main(String[] args) throws Exception {
        RunBench.reapChildrenOnExit();
        List<String> systems = Arrays.asList(env("BENCH_SSE_SYSTEMS", "herald,nchan").split(","));
        List<Integer> sizes = ints(env("BENCH_SSE_SUBSCRIBERS", "1000,10000"));
        SseFanOut bench = new SseFanOut(BenchLog.fromEnvironment(), Path.of(env("BENCH_OUT", "target/bench")),
                Integer.parseInt(env("BENCH_SSE_SECONDS", "3")), ints(env("BENCH_SSE_DELIVERIES", "10000,30000,90000")));
        int failed = 0;
        for (int subscribers : sizes) {
            for (String system : systems) {
                try {
                    bench.run(system.trim(), subscribers);
                } catch (Exception | AssertionError e) {
                    failed++;
                    System.err.printf("sse-fanout %s with %d subscribers FAILED: %s%n", system, subscribers, e);
                    e.printStackTrace();
                }
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    void run(String system, int subscribers) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        AtomicLongArray published = new AtomicLongArray(200_000);
        Deliveries deliveries = new Deliveries(published);
        try (SseTarget target = SseTarget.start(system, subscribers, out); SseSwarm swarm = new SseSwarm(vertx, subscribers + 10, deliveries)) {
            target.openPublisher(vertx);
            long t0 = System.nanoTime();
            target.connect(swarm, subscribers);
            double connect = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> size = Map.of("subscribers", (double) subscribers);
            log.append(new BenchRecord(SCENARIO, system, size, "connect_s", connect, "s"));
            System.out.printf(Locale.ROOT, "sse-fanout %s: %d subscribers connected in %.1f s%n", system, subscribers, connect);

            Publisher p = new Publisher(target, published, subscribers, swarm, deliveries);
            // Warm-up: two items, each drained, which also proves every stream is live; not recorded.
            for (int i = 0; i < 2; i++) p.step(1, 1);
            double rssLoad = 0;
            for (int offered : deliveriesPerSecond) {
                double rate = Math.max(0.2, (double) offered / subscribers);
                Step s = p.step(rate, Math.max(3, (int) Math.round(rate * seconds)));
                Map<String, Double> dims = Map.of("subscribers", (double) subscribers, "offered_per_s", round(rate));
                log.append(new BenchRecord(SCENARIO, system, dims, "delivered_per_s", s.deliveredPerSecond(), "1/s"));
                if (s.delivered() > 0) { // no latency without a delivery (a 0 would read as instant)
                    log.append(new BenchRecord(SCENARIO, system, dims, "p50_ms", s.percentileMs(50), "ms"));
                    log.append(new BenchRecord(SCENARIO, system, dims, "p99_ms", s.percentileMs(99), "ms"));
                }
                log.append(new BenchRecord(SCENARIO, system, dims, "lost", s.lost(), "count"));
                rssLoad = Math.max(rssLoad, Rss.nowMib(target.process()));
                System.out.printf(Locale.ROOT, "sse-fanout %s S=%d %.2f items/s: %.0f deliveries/s, p50 %.1f ms, p99 %.1f ms, "
                                + "lost %d of %d, closed %d, load %s%n", system, subscribers, rate, s.deliveredPerSecond(),
                        s.percentileMs(50), s.percentileMs(99), s.lost(), s.expected(), swarm.closedEarly.get(), loadAverage());
            }
            log.append(new BenchRecord("startup", system, Map.of("sse_subscribers", (double) subscribers), "rss_load_mib",
                    rssLoad, "MiB"));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    static double round(double rate) {
        return Math.round(rate * 100) / 100.0;
    }

    /** Publishes paced steps and drains them; one per run, so item sequence numbers never repeat. */
    static final class Publisher {
        final SseTarget target;
        final AtomicLongArray published;
        final int subscribers;
        final SseSwarm swarm;
        final Deliveries deliveries;
        int nextSeq;

        Publisher(SseTarget target, AtomicLongArray published, int subscribers, SseSwarm swarm, Deliveries deliveries) {
            this.target = target;
            this.published = published;
            this.subscribers = subscribers;
            this.swarm = swarm;
            this.deliveries = deliveries;
        }

        /** {@code items} publishes at {@code rate} per second, paced by the clock, then acknowledged and drained. */
        Step step(double rate, int items) {
            Step s = new Step(deliveries, subscribers);
            long interval = (long) (1e9 / rate);
            long start = System.nanoTime();
            for (int i = 0; i < items; i++) {
                long due = start + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
                int seq = nextSeq++;
                if (s.firstPublish == 0) s.firstPublish = System.nanoTime();
                published.set(seq, System.nanoTime());
                s.sent.incrementAndGet();
                target.publish(seq).onComplete(ar -> {
                    if (ar.succeeded() && ar.result()) s.acked.incrementAndGet();
                    else s.failed.incrementAndGet();
                });
            }
            Awaitility.await("publishes acknowledged").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> s.acked.get() + s.failed.get() == s.sent.get());
            drain(s);
            return s;
        }

        /** Until every subscriber has every acknowledged item, deliveries stall for {@link #STALL}, or {@link #DRAIN_MAX}. */
        void drain(Step s) {
            AtomicLong last = new AtomicLong(-1);
            AtomicLong progressed = new AtomicLong(System.nanoTime());
            try {
                Awaitility.await("deliveries").atMost(DRAIN_MAX).pollInterval(Duration.ofMillis(50)).until(() -> {
                    long have = deliveries.count();
                    if (have != last.getAndSet(have)) progressed.set(System.nanoTime());
                    return s.delivered() >= s.expected() || System.nanoTime() - progressed.get() > STALL.toNanos();
                });
            } catch (ConditionTimeoutException e) {
                // what did not arrive is reported as lost
            }
        }
    }

    /** One step's counters; its samples are those recorded after it began. */
    static final class Step {
        final Deliveries deliveries;
        final int subscribers;
        final int from;
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger acked = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        long firstPublish;
        private long[] sorted;

        Step(Deliveries deliveries, int subscribers) {
            this.deliveries = deliveries;
            this.subscribers = subscribers;
            this.from = deliveries.count();
        }

        long expected() {
            return (long) acked.get() * subscribers;
        }

        long delivered() {
            return deliveries.count() - from;
        }

        long lost() {
            return Math.max(0, expected() - delivered()) + failed.get() * (long) subscribers;
        }

        double deliveredPerSecond() {
            double secs = (deliveries.lastArrival() - firstPublish) / 1e9;
            return delivered() / Math.max(secs, 1e-3);
        }

        double percentileMs(double p) {
            if (sorted == null) sorted = deliveries.sortedSince(from);
            return Deliveries.percentileMs(sorted, p);
        }
    }

    static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static String loadAverage() {
        return FanOutBench.loadAverage();
    }
}
