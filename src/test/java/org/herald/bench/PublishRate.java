package org.herald.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.herald.bench.XmppPeersBench.Pair;
import org.herald.bench.XmppPeersBench.Sys;

/**
 * The persisted publish-rate scenario of {@link XmppPeersBench} for one server pair: P publishers, each on its own
 * connection, publish back-to-back (the next publish when the previous one's IQ result arrived) to a node of their
 * own, for a fixed time; no subscribers. Own nodes, not one shared node: a real service has many nodes, and one node
 * would measure each system's per-node ordering (Herald locks a node per publish) rather than how publishes scale.
 */
final class PublishRate {
    private final XmppPeersBench bench;
    private final Pair pair;
    private final XmppBenchSettings cfg;
    private final List<LeanXmppConnection> publishers = new ArrayList<>();
    /** nodes.get(system).get(publisher) */
    private final List<List<String>> nodes = new ArrayList<>();

    PublishRate(XmppPeersBench bench, Pair pair) {
        this.bench = bench;
        this.pair = pair;
        this.cfg = bench.cfg;
        pair.systems().forEach(s -> nodes.add(new ArrayList<>()));
    }

    void run() throws Exception {
        bench.report.append("## Publish rate (each publisher back-to-back to its own node; ").append(cfg.stepSeconds())
                .append(" s per run)\n\n| system | publishers | acked/s | p50 ms | p99 ms | errors | load avg |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        boolean first = true;
        for (int p : cfg.publishers()) {
            grow(p);
            List<Integer> order = cfg.publishers().indexOf(p) % 2 == 1 ? List.of(1, 0) : List.of(0, 1);
            for (int i : order) {
                if (first && cfg.warmup()) measure(i, p);
                double[] r = measure(i, p);
                Sys sys = pair.systems().get(i);
                Map<String, Double> dims = Map.of("publishers", (double) p);
                bench.record("publish-rate", sys, dims, "acked_per_s", r[0], "1/s");
                if (r[0] > 0) {
                    bench.record("publish-rate", sys, dims, "p50_ms", r[1], "ms");
                    bench.record("publish-rate", sys, dims, "p99_ms", r[2], "ms");
                }
                bench.record("publish-rate", sys, dims, "errors", r[3], "count");
                String load = XmppPeersBench.loadAverage();
                bench.report.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.1f | %.1f | %.0f | %s |%n",
                        sys.name(), p, r[0], r[1], r[2], r[3], load));
                System.out.printf(Locale.ROOT, "%s publishers=%d: %.0f acked/s p50 %.1f p99 %.1f errors %.0f (load %s)%n",
                        sys.name(), p, r[0], r[1], r[2], r[3], load);
            }
            first = false;
        }
        bench.report.append('\n');
    }

    /** Opens publishers up to {@code p}, each with a node of its own on every system. */
    private void grow(int p) throws Exception {
        while (publishers.size() < p) {
            int i = publishers.size();
            LeanXmppConnection c = bench.connect(pair, i + 1);
            for (int s = 0; s < pair.systems().size(); s++) {
                String node = bench.node("rate-" + i);
                XmppPeersBench.createNode(c, pair.systems().get(s), node);
                nodes.get(s).add(node);
            }
            publishers.add(c);
        }
    }

    /** {acked/s, p50 ms, p99 ms, errors} of {@code p} publishers on system {@code s}. */
    private double[] measure(int s, int p) throws Exception {
        Sys sys = pair.systems().get(s);
        long end = System.nanoTime() + (long) (cfg.stepSeconds() * 1e9);
        long[][] samples = new long[p][];
        AtomicInteger errors = new AtomicInteger();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < p; i++) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            done.add(f);
            int k = i;
            new Loop(publishers.get(i), sys, nodes.get(s).get(i), end, errors, f, l -> samples[k] = l).next();
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = Arrays.stream(samples).flatMapToLong(Arrays::stream).sorted().toArray();
        return new double[] {all.length / seconds, Deliveries.percentileMs(all, 50), Deliveries.percentileMs(all, 99),
                errors.get()};
    }

    /** One publisher's back-to-back loop; callbacks run on its connection's event loop. */
    private final class Loop {
        private final LeanXmppConnection c;
        private final Sys sys;
        private final String node;
        private final long end;
        private final AtomicInteger errors;
        private final CompletableFuture<Void> done;
        private final java.util.function.Consumer<long[]> result;
        private long[] lat = new long[1024];
        private int n;

        Loop(LeanXmppConnection c, Sys sys, String node, long end, AtomicInteger errors, CompletableFuture<Void> done,
             java.util.function.Consumer<long[]> result) {
            this.c = c;
            this.sys = sys;
            this.node = node;
            this.end = end;
            this.errors = errors;
            this.done = done;
            this.result = result;
        }

        void next() {
            long t0 = System.nanoTime();
            if (t0 >= end) {
                result.accept(Arrays.copyOf(lat, n));
                done.complete(null);
                return;
            }
            c.iq("set", sys.service(), XmppPeersBench.publishIq(node, bench.nextSeq.getAndIncrement())).onComplete(ar -> {
                if (ar.succeeded()) {
                    if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
                    lat[n++] = System.nanoTime() - t0;
                } else if (errors.getAndIncrement() == 0) {
                    System.out.println(sys.name() + ": publish refused: " + ar.cause().getMessage());
                }
                next();
            });
        }
    }
}
