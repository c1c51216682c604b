package org.herald.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.herald.bench.report.BenchLog;
import org.herald.bench.report.BenchRecord;
import org.herald.testsupport.Ejabberd;
import org.herald.testsupport.HeraldProcess;
import org.herald.testsupport.Prosody;
import org.herald.testsupport.RedisServer;

/**
 * Scenario {@code startup} (issue #8): each system started {@code BENCH_STARTUP_RUNS} times (3) from nothing on loopback,
 * one at a time; the median time from launching the process to ready, and the median resident memory once idle
 * ({@link #SETTLE} after ready). Ready means: Herald (the jar, no XMPP link, on the machine's PostgreSQL and Redis)
 * answers 200 on {@code /q/health/ready}; Prosody and ejabberd accept on their client and component ports; nginx with
 * Nchan answers on its port (its private Redis is started before the clock). Memory is the process tree's VmRSS
 * (Herald's JVM; nginx master and workers; ejabberd's VM and its wrapper; Prosody). Memory under load comes from
 * {@link SseFanOut}. Systems from {@code BENCH_STARTUP_SYSTEMS} (herald,prosody,ejabberd,nchan).
 */
final class Startup {
    static final String SCENARIO = "startup";
    /** Time for a freshly ready server to finish what it does right after start (JIT, caches) before memory is read. */
    static final Duration SETTLE = Duration.ofSeconds(2);

    public static void main(String[] args) throws Exception {
        RunBench.reapChildrenOnExit();
        BenchLog log = BenchLog.fromEnvironment();
        Path out = Path.of(SseFanOut.env("BENCH_OUT", "target/bench"));
        int runs = Integer.parseInt(SseFanOut.env("BENCH_STARTUP_RUNS", "3"));
        int failed = 0;
        for (String system : SseFanOut.env("BENCH_STARTUP_SYSTEMS", "herald,prosody,ejabberd,nchan").split(",")) {
            try {
                List<double[]> samples = new ArrayList<>();
                for (int i = 0; i < runs; i++) samples.add(once(system.trim(), out));
                double ms = median(samples.stream().mapToDouble(s -> s[0]).toArray());
                double rss = median(samples.stream().mapToDouble(s -> s[1]).toArray());
                log.append(new BenchRecord(SCENARIO, system.trim(), Map.of(), "startup_ms", ms, "ms"));
                log.append(new BenchRecord(SCENARIO, system.trim(), Map.of(), "rss_idle_mib", rss, "MiB"));
                System.out.printf(Locale.ROOT, "startup %s: median of %d: ready in %.0f ms, idle RSS %.1f MiB%n",
                        system, runs, ms, rss);
            } catch (Exception | AssertionError e) {
                failed++;
                System.err.printf("startup %s FAILED: %s%n", system, e);
                e.printStackTrace();
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    /** One start: {ms to ready, idle RSS MiB}; the system is stopped again before returning. */
    static double[] once(String system, Path out) throws Exception {
        switch (system) {
            case "herald" -> {
                int port = SseTarget.freePort();
                long t0 = System.nanoTime();
                try (HeraldProcess h = HeraldProcess.startStandalone(List.of(), Map.of(), port, out.resolve("startup-herald.log"))) {
                    SseTarget.HeraldTarget.awaitReady(h, port, Duration.ofMinutes(2));
                    return idle(t0, ProcessHandle.of(h.pid()).orElseThrow());
                }
            }
            case "prosody" -> {
                long t0 = System.nanoTime();
                try (Prosody p = Prosody.builder("localhost").components("pubsub.localhost").logLevel("info").start()) {
                    return idle(t0, ProcessHandle.of(p.pid()).orElseThrow());
                }
            }
            case "ejabberd" -> {
                long t0 = System.nanoTime();
                try (Ejabberd e = Ejabberd.start("localhost", "pubsub.localhost")) {
                    // ejabberdctl runs the VM through su: this JVM's only children are ejabberd's tree now.
                    return idle(t0, ProcessHandle.current(), true);
                }
            }
            case "nchan" -> {
                try (RedisServer redis = RedisServer.start()) {
                    int port = SseTarget.freePort();
                    long t0 = System.nanoTime();
                    try (Nginx nginx = Nginx.start(port, "redis://127.0.0.1:" + redis.port(),
                            Runtime.getRuntime().availableProcessors(), 1024)) {
                        nginx.awaitReady(Duration.ofSeconds(30));
                        return idle(t0, nginx.process.toHandle());
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown system " + system);
        }
    }

    static double[] idle(long t0, ProcessHandle root) throws InterruptedException {
        return idle(t0, root, false);
    }

    /** Start-up time since {@code t0}, then the tree's RSS after {@link #SETTLE} ({@code childrenOnly}: not the root). */
    static double[] idle(long t0, ProcessHandle root, boolean childrenOnly) throws InterruptedException {
        double ms = (System.nanoTime() - t0) / 1e6;
        // Nothing to wait on: an idle server is one left alone for a while.
        Thread.sleep(SETTLE.toMillis());
        double rss = childrenOnly ? root.children().mapToDouble(Rss::nowMib).sum() : Rss.nowMib(root);
        return new double[] {ms, rss};
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
