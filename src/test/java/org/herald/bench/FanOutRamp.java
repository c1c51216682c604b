package org.herald.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.herald.bench.XmppPeersBench.Pair;
import org.herald.bench.XmppPeersBench.Sys;

/**
 * The XMPP fan-out scenario of {@link XmppPeersBench} for one server pair: one node per system, S subscribers that
 * follow both nodes (the same clients for both systems), and for each S and system a ramp of offered publish rates,
 * open loop from one publisher, each step doubling the notifications offered per second, until the system saturates.
 */
final class FanOutRamp {
    private final XmppPeersBench bench;
    private final Pair pair;
    private final LeanXmppConnection publisher;
    private final XmppBenchSettings cfg;
    private final List<String> nodes = new ArrayList<>();

    FanOutRamp(XmppPeersBench bench, Pair pair, LeanXmppConnection publisher) {
        this.bench = bench;
        this.pair = pair;
        this.publisher = publisher;
        this.cfg = bench.cfg;
    }

    /** One step's outcome. */
    record Step(double offered, int acked, int failed, int skipped, long delivered, long lost, double deliveredPerS,
                double p50, double p99) {
        /** Saturated: notifications or publishes lost, refused or unanswered, a backlog, or the tail past a second. */
        boolean saturated() {
            return lost > 0 || failed > 0 || skipped > 0 || p99 > 1000;
        }
    }

    void run() throws Exception {
        List<LeanXmppSwarm.Target> targets = new ArrayList<>();
        for (Sys sys : pair.systems()) {
            String node = bench.node("fanout-" + sys.name());
            XmppPeersBench.createNode(publisher, sys, node);
            nodes.add(node);
            targets.add(new LeanXmppSwarm.Target(sys.service(), node));
        }
        LeanXmppSwarm swarm = new LeanXmppSwarm(bench.vertx, pair.host(), pair.c2sPort(), pair.subscriberDomain(), targets,
                bench.deliveries, bench.nextSeq::get);
        bench.open.add(swarm);
        bench.report.append("## Fan-out (one publisher, open loop; steps of ").append(cfg.stepSeconds()).append(" s)\n\n")
                .append("| system | subscribers | offered items/s | acked | delivered/s | p50 ms | p99 ms | lost | failed/skipped publishes | load avg |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
        boolean first = true;
        for (int s : cfg.subscribers()) {
            if (s > pair.maxClients()) {
                System.out.printf(Locale.ROOT, "%s: %d subscribers skipped: the server's open-files limit allows about %d%n",
                        pair.server(), s, pair.maxClients());
                bench.report.append(String.format(Locale.ROOT, "| (%d subscribers skipped: %s's open-files limit) | | | | | | | | | |%n",
                        s, pair.server()));
                continue;
            }
            long t0 = System.nanoTime();
            swarm.connect(s - swarm.size(), 50, Duration.ofMinutes(3));
            System.out.printf(Locale.ROOT, "%s: %d subscribers on both nodes in %.1f s%n", pair.server(), swarm.size(),
                    (System.nanoTime() - t0) / 1e9);
            // Alternate which system goes first from one size to the next: neither always meets a fresher machine.
            List<Integer> order = new ArrayList<>(List.of(0, 1));
            if (cfg.subscribers().indexOf(s) % 2 == 1) order = List.of(1, 0);
            for (int i : order) {
                if (first && cfg.warmup()) step(pair.systems().get(i), nodes.get(i), s, offeredAt(0, s));
                ramp(pair.systems().get(i), nodes.get(i), s);
            }
            first = false;
        }
        bench.report.append('\n');
    }

    /** Offered items/s of step {@code step}: FIRST_DELIVERIES_PER_S notifications/s (at least 1 item/s), doubling. */
    static double offeredAt(int step, int subscribers) {
        return Math.max(1, XmppBenchSettings.FIRST_DELIVERIES_PER_S / (double) subscribers) * Math.pow(2, step);
    }

    private void ramp(Sys sys, String node, int s) throws Exception {
        double best = 0;
        for (int k = 0; k < cfg.maxSteps(); k++) {
            double offered = offeredAt(k, s);
            Step r = step(sys, node, s, offered);
            Map<String, Double> dims = Map.of("subscribers", (double) s, "offered_per_s", offered);
            bench.record("xmpp-fanout", sys, dims, "delivered_per_s", r.deliveredPerS(), "1/s");
            if (r.delivered() > 0) {
                bench.record("xmpp-fanout", sys, dims, "p50_ms", r.p50(), "ms");
                bench.record("xmpp-fanout", sys, dims, "p99_ms", r.p99(), "ms");
            }
            bench.record("xmpp-fanout", sys, dims, "lost", r.lost(), "count");
            String load = XmppPeersBench.loadAverage();
            bench.report.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %d | %.0f | %.1f | %.1f | %d | %d/%d | %s |%n",
                    sys.name(), s, offered, r.acked(), r.deliveredPerS(), r.p50(), r.p99(), r.lost(), r.failed(),
                    r.skipped(), load));
            System.out.printf(Locale.ROOT, "%s S=%d offered %.0f/s: %s (load %s)%n", sys.name(), s, offered, r, load);
            boolean rising = r.deliveredPerS() > best * 1.05;
            best = Math.max(best, r.deliveredPerS());
            if (r.saturated() || !rising || r.deliveredPerS() < 0.8 * offered * s) break;
        }
        Map<String, Double> dims = Map.of("subscribers", (double) s);
        bench.record("xmpp-saturation", sys, dims, "max_delivered_per_s", best, "1/s");
        bench.record("xmpp-saturation", sys, dims, "max_items_per_s", best / s, "1/s");
    }

    /** Publishes at {@code offered}/s for the step's length, waits for the answers and the deliveries, measures. */
    Step step(Sys sys, String node, int s, double offered) {
        int countFrom = bench.deliveries.count();
        int n = Math.max(1, (int) Math.round(offered * cfg.stepSeconds()));
        long interval = (long) (1e9 / offered);
        // More than two seconds of publishes unanswered: the service is behind; further sends are skipped, not queued.
        int cap = (int) Math.max(100, offered * 2);
        AtomicInteger pending = new AtomicInteger();
        AtomicInteger acked = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        int skipped = 0;
        int sent = 0;
        long firstPublish = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
            if (pending.get() >= cap) {
                skipped++;
                continue;
            }
            int seq = bench.nextSeq.getAndIncrement();
            long now = System.nanoTime();
            if (firstPublish == 0) firstPublish = now;
            bench.published.set(seq, now);
            pending.incrementAndGet();
            sent++;
            publisher.iq("set", sys.service(), XmppPeersBench.publishIq(node, seq)).onComplete(ar -> {
                pending.decrementAndGet();
                (ar.succeeded() ? acked : failed).incrementAndGet();
                if (ar.failed() && firstError.compareAndSet(null, ar.cause().getMessage())) {
                    System.out.println(sys.name() + ": publish refused: " + firstError.get());
                }
            });
        }
        long stepNanos = Math.max(System.nanoTime() - start, (long) (n * (double) interval));
        int total = sent;
        try {
            Awaitility.await("publishes answered").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> acked.get() + failed.get() == total);
        } catch (ConditionTimeoutException e) {
            System.out.printf(Locale.ROOT, "%s: %d of %d publishes unanswered after 10 s%n", sys.name(),
                    total - acked.get() - failed.get(), total);
        }
        int unanswered = total - acked.get() - failed.get();
        long expected = (long) acked.get() * s;
        drain(countFrom, expected);
        long[] lat = bench.deliveries.sortedSince(countFrom);
        long span = Math.max(stepNanos, bench.deliveries.lastArrival() - firstPublish);
        return new Step(offered, acked.get(), failed.get() + unanswered, skipped, lat.length, Math.max(0, expected - lat.length),
                lat.length / (span / 1e9), Deliveries.percentileMs(lat, 50), Deliveries.percentileMs(lat, 99));
    }

    /** Until every expected notification arrived, or none arrived for the stall time (then the rest count as lost). */
    private void drain(int countFrom, long expected) {
        AtomicLong last = new AtomicLong(-1);
        AtomicLong lastChange = new AtomicLong(System.nanoTime());
        long stall = (long) (cfg.stallSeconds() * 1e9);
        Awaitility.await("deliveries").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> {
            long have = bench.deliveries.count() - countFrom;
            if (have != last.get()) {
                last.set(have);
                lastChange.set(System.nanoTime());
            }
            return have >= expected || System.nanoTime() - lastChange.get() > stall;
        });
    }
}
