package org.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import io.quarkus.vertx.VertxContextSupport;
import org.herald.domain.Jid;
import org.herald.domain.geo.BoundingBox;
import org.herald.domain.geo.GeoNames;
import org.herald.domain.geo.Position;
import org.herald.service.ItemDraft;
import org.herald.service.PubSubService;
import org.herald.testsupport.MunichTrace;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test (surefire excludes *Bench; run it with bench/geo.sh). A fleet replays the real Munich
 * trace, every vehicle offset in space and time, and publishes its fixes at a fixed rate (1 Hz each) to one node,
 * through {@link PubSubService#publish} as the REST and XMPP front-ends call it. Area-filtered dashboards follow the
 * node over SSE with a {@code bbox} each, tiling the fleet's region. Recorded: publish call → SSE event latency,
 * the publish rate reached, and every event a dashboard got for a fix outside its box that was not a "leave"
 * (which must be none). Then a second node with more vehicles answers bbox snapshots over HTTP. Figures go to
 * target/bench/geo-*.md; nothing is asserted about time.
 */
@QuarkusTest
class GeoBench {
    private static final Jid OWNER = Jid.parse("fleet-owner@localhost");
    /** The fleet's region: a grid of offsets around the trace, about 80 km × 55 km. */
    private static final double REGION_LAT = 0.5;
    private static final double REGION_LON = 0.75;

    final int vehicles = Integer.getInteger("bench.vehicles", 5000);
    final double hz = Double.parseDouble(System.getProperty("bench.hz", "1"));
    final int seconds = Integer.getInteger("bench.seconds", 60);
    final int warmupSeconds = Integer.getInteger("bench.warmup", 10);
    final int dashboards = Integer.getInteger("bench.dashboards", 50);
    final int inFlight = Integer.getInteger("bench.inflight", 64);
    /** Leaves the fleet is spread over (vehicle v publishes to leaf v mod leaves); with more than one, the dashboards
     * follow the collection above them (XEP-0248), since publishes to one node are serialised by its lock. */
    final int leaves = Integer.getInteger("bench.leaves", 1);
    final int settleSeconds = Integer.getInteger("bench.settle", leaves > 1 ? 20 : 0);
    final int snapshotVehicles = Integer.getInteger("bench.snapshot.vehicles", 10000);
    final int snapshots = Integer.getInteger("bench.snapshots", 1000);

    @Inject
    PubSubService service;

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL url;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void fleet() throws Exception {
        List<Position> trace = MunichTrace.positions("x0001-001.json", "v");
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "# Geo benchmark %s%n%n", Instant.now()));
        if (vehicles > 0) out.append(fanOut(trace));
        if (snapshotVehicles > 0) out.append(snapshot(trace));
        System.out.println(out);
        Path dir = Path.of("target", "bench");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("geo-" + Instant.now().toString().replace(':', '-') + ".md"), out);
        Files.writeString(dir.resolve("geo-latest.md"), out);
    }

    // ---------------------------------------------------------------- area-filtered fan-out

    private String fanOut(List<Position> trace) throws Exception {
        String followed;
        String[] nodes = new String[leaves];
        if (leaves == 1) {
            nodes[0] = node("bench-geo-fleet", Map.of());
            followed = nodes[0];
        } else {
            followed = node("bench-geo-fleets", Map.of("pubsub#node_type", List.of("collection")));
            for (int i = 0; i < leaves; i++) nodes[i] = node("bench-geo-fleet-" + i, Map.of("pubsub#collection", List.of(followed)));
        }
        double[] origin = {48.0, 11.0};
        List<BoundingBox> boxes = tiles(origin, dashboards);
        List<Dashboard> boards = new ArrayList<>();
        for (BoundingBox b : boxes) boards.add(Dashboard.open(http, events(followed, b), b));
        for (Dashboard d : boards) d.awaitOpen();
        // An area stream of a collection reads its snapshot leaf by leaf before it goes live (SSE has no "live"
        // message to wait on): give the dashboards that time, so the load does not measure their start.
        if (settleSeconds > 0) Thread.sleep(TimeUnit.SECONDS.toMillis(settleSeconds));

        Map<String, Long> started = new ConcurrentHashMap<>();
        Semaphore permits = new Semaphore(inFlight);
        AtomicLong published = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        long periodNanos = (long) (1e9 / (vehicles * hz));
        long total = (long) ((warmupSeconds + seconds) * vehicles * hz);
        long t0 = System.nanoTime();
        long maxLag = 0;
        Instant clock = Instant.parse("2026-01-01T00:00:00Z");
        // The run lasts its planned time whatever Herald manages: a saturated service leaves fixes unsent (counted),
        // rather than stretching the run.
        long end = t0 + TimeUnit.SECONDS.toNanos(warmupSeconds + seconds);
        long measureFrom = t0 + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long sent = 0, measuredSent = 0;
        for (long n = 0; n < total && System.nanoTime() < end; n++) {
            long due = t0 + n * periodNanos;
            long now;
            while ((now = System.nanoTime()) < due) {
                // pacing the load generator to its schedule, not waiting for a result
                if (due - now > 200_000) java.util.concurrent.locks.LockSupport.parkNanos(100_000); else Thread.onSpinWait();
            }
            int v = (int) (n % vehicles);
            long tick = n / vehicles;
            Position p = trace.get((int) ((v * 37L + tick) % trace.size()));
            double lat = p.lat() - 48.12 + origin[0] + (v / 71) * (REGION_LAT / 71.0);
            double lon = p.lon() - 11.43 + origin[1] + (v % 71) * (REGION_LON / 71.0);
            String mark = "m" + n;
            String payload = geoloc(lat, lon, clock.plusMillis((long) (tick * 1000 / hz)), mark);
            permits.acquire();
            long start = System.nanoTime();
            if (start >= end) {
                permits.release();
                break;
            }
            maxLag = Math.max(maxLag, start - due);
            boolean measured = start >= measureFrom;
            sent++;
            if (measured) {
                measuredSent++;
                started.put(mark, start);
            }
            publish(nodes[v % leaves], "veh-" + v, payload, () -> {
                published.incrementAndGet();
                permits.release();
            }, e -> {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, e);
                permits.release();
            });
        }
        long sendEnd = System.nanoTime();
        permits.acquire(inFlight);
        long allDone = System.nanoTime();
        // let the last events arrive: wait until no dashboard got anything for a second
        long[] last = {-1, System.nanoTime()};
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> {
            long count = boards.stream().mapToLong(d -> d.events.get()).sum();
            if (count != last[0]) {
                last[0] = count;
                last[1] = System.nanoTime();
            }
            return System.nanoTime() - last[1] >= TimeUnit.SECONDS.toNanos(1);
        });
        for (Dashboard d : boards) d.close();

        List<Long> lat = new ArrayList<>();
        long outOfArea = 0, events = 0, leaveEvents = 0, enters = 0, positionEvents = 0;
        for (Dashboard d : boards) {
            outOfArea += d.outOfArea.get();
            events += d.events.get();
            leaveEvents += d.leaves.get();
            enters += d.enters.get();
            positionEvents += d.positions.get();
            for (Map.Entry<String, Long> a : d.arrivals.entrySet()) {
                Long s = started.get(a.getKey());
                if (s != null) lat.add(a.getValue() - s);
            }
        }
        long[] sorted = lat.stream().mapToLong(Long::longValue).sorted().toArray();
        double offered = vehicles * hz;
        double achieved = published.get() / ((allDone - t0) / 1e9);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "## Area-filtered fan-out%n%n"));
        s.append(String.format(Locale.ROOT, "%d vehicles × %.1f Hz = %.0f fixes/s offered to %s, %d s measured after %d s warm-up; "
                + "%d SSE dashboards, each with its own bbox (a %d-tile grid over %.2f° × %.2f°); %d publishes in flight at most.%n%n",
                vehicles, hz, offered, leaves == 1 ? "one node" : leaves + " leaves of one collection (the dashboards follow the collection)",
                seconds, warmupSeconds, boards.size(), boards.size(), REGION_LAT, REGION_LON, inFlight));
        s.append("| figure | value |\n| --- | --- |\n");
        s.append(String.format(Locale.ROOT, "| fixes due in the run / sent / completed / failed | %d / %d / %d / %d |%n",
                total, sent, published.get(), failed.get()));
        s.append(String.format(Locale.ROOT, "| fixes sent in the measured %d s | %d (%.0f/s) |%n", seconds, measuredSent,
                measuredSent / (double) seconds));
        s.append(String.format(Locale.ROOT, "| publish rate reached (whole run) | %.0f fixes/s (%.0f%% of offered) |%n", achieved, 100 * achieved / offered));
        s.append(String.format(Locale.ROOT, "| largest lag of a fix behind its schedule when sent | %.0f ms |%n", maxLag / 1e6));
        s.append(String.format(Locale.ROOT, "| SSE item events delivered (all dashboards) | %d (enter %d, leave %d) |%n", events, enters, leaveEvents));
        s.append(String.format(Locale.ROOT, "| initial position events | %d |%n", positionEvents));
        s.append(String.format(Locale.ROOT, "| an unfiltered fan-out would have sent | %d |%n", (long) boards.size() * published.get()));
        s.append(String.format(Locale.ROOT, "| **out-of-area deliveries** | **%d** |%n", outOfArea));
        if (sorted.length > 0) {
            s.append(String.format(Locale.ROOT, "| publish call → SSE event, ms (n=%d) | median %.1f · p95 %.1f · p99 %.1f · max %.1f |%n",
                    sorted.length, ms(rank(sorted, 50)), ms(rank(sorted, 95)), ms(rank(sorted, 99)), ms(sorted[sorted.length - 1])));
        }
        if (firstFailure.get() != null) s.append("\nfirst failure: ").append(firstFailure.get()).append('\n');
        s.append(String.format(Locale.ROOT, "%nsend phase %.1f s, drain %.1f s; load average %s%n%n",
                (sendEnd - t0) / 1e9, (allDone - sendEnd) / 1e9, loadAverage()));
        return s.toString();
    }

    /** {@code count} boxes tiling the fleet's region (columns × rows as square as count allows). */
    private static List<BoundingBox> tiles(double[] origin, int count) {
        int cols = (int) Math.ceil(Math.sqrt(count * REGION_LON / REGION_LAT));
        int rows = (int) Math.ceil((double) count / cols);
        double south0 = origin[0] - 0.01, west0 = origin[1] - 0.05;
        double h = (REGION_LAT + 0.06) / rows, w = (REGION_LON + 0.16) / cols;
        List<BoundingBox> out = new ArrayList<>();
        for (int r = 0; r < rows && out.size() < count; r++) {
            for (int c = 0; c < cols && out.size() < count; c++) {
                out.add(new BoundingBox(west0 + c * w, south0 + r * h, west0 + (c + 1) * w, south0 + (r + 1) * h));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- bbox snapshots

    private String snapshot(List<Position> trace) throws Exception {
        String node = node("bench-geo-snapshot", Map.of());
        Semaphore permits = new Semaphore(inFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        double[] origin = {48.0, 11.0};
        Instant at = Instant.now();
        for (int v = 0; v < snapshotVehicles; v++) {
            Position p = trace.get((v * 37) % trace.size());
            double lat = p.lat() - 48.12 + origin[0] + (v / 100) * (REGION_LAT / 100.0);
            double lon = p.lon() - 11.43 + origin[1] + (v % 100) * (REGION_LON / 100.0);
            permits.acquire();
            publish(node, "veh-" + v, geoloc(lat, lon, at, "s" + v), permits::release, e -> {
                failure.compareAndSet(null, e);
                permits.release();
            });
        }
        permits.acquire(inFlight);
        if (failure.get() != null) throw new AssertionError("loading the snapshot node failed", failure.get());
        Random random = new Random(7);
        long[] samples = new long[snapshots];
        long results = 0;
        // a first query builds the index if a cache had to be filled; it is not counted
        get(positions(node, new BoundingBox(origin[1], origin[0], origin[1] + 0.1, origin[0] + 0.1)));
        for (int i = 0; i < snapshots; i++) {
            // a dashboard's view: a box of 2–10 % of the region's width, anywhere in it
            double w = REGION_LON * (0.02 + 0.08 * random.nextDouble()), h = w * REGION_LAT / REGION_LON;
            double west = origin[1] + random.nextDouble() * (REGION_LON - w), south = origin[0] + random.nextDouble() * (REGION_LAT - h);
            URI uri = positions(node, new BoundingBox(west, south, west + w, south + h));
            long start = System.nanoTime();
            String body = get(uri);
            samples[i] = System.nanoTime() - start;
            results += count(body, "\"key\"");
        }
        long[] sorted = samples.clone();
        java.util.Arrays.sort(sorted);
        return String.format(Locale.ROOT, "## Bounding-box snapshots%n%n%d vehicles on one node; %d GET /api/v1/nodes/{node}/positions?bbox=… "
                        + "one after the other over java.net.http, boxes of 2–10 %% of the region's width at random places (%.1f vehicles per answer on average).%n%n"
                        + "| figure | ms |%n| --- | --- |%n| median | %.2f |%n| p95 | %.2f |%n| p99 | %.2f |%n| max | %.2f |%n%nload average %s%n",
                snapshotVehicles, snapshots, results / (double) snapshots, ms(rank(sorted, 50)), ms(rank(sorted, 95)),
                ms(rank(sorted, 99)), ms(sorted[sorted.length - 1]), loadAverage());
    }

    // ---------------------------------------------------------------- plumbing

    private String node(String prefix, Map<String, List<String>> extra) {
        String id = prefix + "/" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, List<String>> form = new java.util.HashMap<>(extra);
        if (!extra.containsKey("pubsub#node_type")) {
            // one item per vehicle (its id), so a leaf must keep as many items as there are vehicles
            form.put("pubsub#max_items", List.of("max"));
            form.put("pubsub#notify_retract", List.of("0"));
        }
        await(() -> service.create(OWNER, id, form));
        return id;
    }

    private static String geoloc(double lat, double lon, Instant at, String mark) {
        return String.format(Locale.ROOT, "<geoloc xmlns='%s'><lat>%.7f</lat><lon>%.7f</lon><timestamp>%s</timestamp>"
                + "<text>%s</text></geoloc>", GeoNames.GEOLOC_NS, lat, lon, at, mark);
    }

    /** The publish runs as a front-end's would: on its own duplicated Vert.x context. */
    private void publish(String node, String id, String payload, Runnable ok, java.util.function.Consumer<Throwable> failed) {
        Context dup = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(dup, true);
        dup.runOnContext(x -> service.publish(OWNER, node, new ItemDraft(id, payload, GeoNames.GEOLOC_NS), null)
                .subscribe().with(r -> ok.run(), failed));
    }

    private URI events(String node, BoundingBox b) {
        return URI.create(url.toString()).resolve("/api/v1/nodes/" + URLEncoder.encode(node, StandardCharsets.UTF_8)
                + "/events?bbox=" + b.west() + "," + b.south() + "," + b.east() + "," + b.north());
    }

    private URI positions(String node, BoundingBox b) {
        return URI.create(url.toString()).resolve("/api/v1/nodes/" + URLEncoder.encode(node, StandardCharsets.UTF_8)
                + "/positions?bbox=" + b.west() + "," + b.south() + "," + b.east() + "," + b.north());
    }

    private String get(URI uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(uri + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }

    static <T> T await(java.util.function.Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "?";
        }
    }

    static long rank(long[] sorted, int p) {
        int k = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, k - 1))];
    }

    static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    /**
     * One dashboard: an SSE reader with a bbox that checks every item event against its box as it arrives. An event
     * for a fix outside the box is legitimate only as the "leave" of a vehicle that was inside.
     */
    static final class Dashboard implements AutoCloseable {
        final BoundingBox box;
        final Map<String, Long> arrivals = new ConcurrentHashMap<>();
        final AtomicLong events = new AtomicLong();
        final AtomicLong positions = new AtomicLong();
        final AtomicLong outOfArea = new AtomicLong();
        final AtomicLong enters = new AtomicLong();
        final AtomicLong leaves = new AtomicLong();
        final CountDownLatch open = new CountDownLatch(1);
        volatile int status;
        private final Thread reader;
        private volatile java.io.InputStream body;

        private Dashboard(HttpClient http, URI uri, BoundingBox box) {
            this.box = box;
            this.reader = new Thread(() -> read(http, uri), "dashboard-" + box.west() + "," + box.south());
            reader.setDaemon(true);
            reader.start();
        }

        static Dashboard open(HttpClient http, URI uri, BoundingBox box) {
            return new Dashboard(http, uri, box);
        }

        void awaitOpen() throws InterruptedException {
            if (!open.await(30, TimeUnit.SECONDS)) throw new AssertionError("dashboard stream did not open");
            if (status != 200) throw new AssertionError("dashboard stream answered " + status);
        }

        private void read(HttpClient http, URI uri) {
            try {
                HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                status = r.statusCode();
                body = r.body();
                open.countDown();
                try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(body, StandardCharsets.UTF_8))) {
                    String type = null;
                    StringBuilder data = new StringBuilder();
                    for (String line; (line = lines.readLine()) != null; ) {
                        if (line.isEmpty()) {
                            if (type != null) handle(type, data.toString(), System.nanoTime());
                            type = null;
                            data.setLength(0);
                        } else if (line.startsWith("event:")) {
                            type = line.substring(6).trim();
                        } else if (line.startsWith("data:")) {
                            data.append(line.substring(5).trim());
                        }
                    }
                }
            } catch (Exception e) {
                open.countDown();
            }
        }

        private void handle(String type, String data, long at) {
            if (type.equals("position")) {
                positions.incrementAndGet();
                return;
            }
            if (!type.equals("item")) return;
            events.incrementAndGet();
            String mark = between(data, "<text>", "</text>");
            double lat = Double.parseDouble(between(data, "<lat>", "</lat>"));
            double lon = Double.parseDouble(between(data, "<lon>", "</lon>"));
            boolean leave = data.contains("\"crossing\":\"leave\"");
            if (leave) leaves.incrementAndGet();
            if (data.contains("\"crossing\":\"enter\"")) enters.incrementAndGet();
            if (!box.contains(lat, lon) && !leave) outOfArea.incrementAndGet();
            if (mark != null) arrivals.put(mark, at);
        }

        private static String between(String s, String a, String b) {
            int i = s.indexOf(a);
            if (i < 0) return null;
            int j = s.indexOf(b, i + a.length());
            return j < 0 ? null : s.substring(i + a.length(), j);
        }

        @Override
        public void close() {
            try {
                if (body != null) body.close();
            } catch (Exception ignored) {
                // closing an abandoned stream
            }
            reader.interrupt();
        }
    }
}
