package org.herald.bench;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.herald.cache.CacheConfig;
import org.herald.domain.Jid;
import org.herald.persistence.PostgresPubSubStore;
import org.herald.service.ItemDraft;
import org.herald.service.ItemsQuery;
import org.herald.service.PageRequest;
import org.herald.service.PubSubService;
import org.herald.service.ServiceSettings;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test (surefire excludes *Bench): the reads the Redis caches serve, with and without them.
 * <ol>
 *   <li>Over HTTP, one request at a time: the REST item list (first page of 20), the Atom feed (50 items) and the
 *       node view (configuration, owners, subscriber count) of an open node with 100 items of ~1 KiB and 500
 *       subscribers. Run once with the cache on and once with HERALD_CACHE_ENABLED=false (see docs/caches.md).</li>
 *   <li>In process, in the same run: the service's first-page read and node view through the cached store and
 *       through PostgreSQL's store directly, alternating call by call so both see the same machine.</li>
 * </ol>
 * Medians and percentiles go to target/bench/cache-*.md; nothing is asserted about time.
 */
@QuarkusTest
class CacheBench {
    private static final Jid OWNER = Jid.parse("bench-owner@localhost");
    private static final Jid READER = Jid.parse("bench-reader@localhost");
    private static final String NS = "http://www.w3.org/2005/Atom";

    final int n = Integer.getInteger("bench.n", 2000);
    final int warmup = Integer.getInteger("bench.warmup", 300);

    @Inject
    PubSubService service;
    @Inject
    PostgresPubSubStore postgres;
    @Inject
    ServiceSettings settings;
    @Inject
    CacheConfig cache;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @TestHTTPResource("/")
    URL base;

    @Test
    void cachedReads() throws Exception {
        String node = "bench-" + UUID.randomUUID();
        run(() -> service.create(OWNER, node, Map.of("pubsub#access_model", List.of("open"), "pubsub#max_items", List.of("200"))));
        String text = "x".repeat(900);
        for (int i = 0; i < 100; i++) {
            String body = "<entry xmlns='" + NS + "'><id>urn:bench:" + i + "</id><title>Item " + i + "</title><summary>"
                    + text + "</summary></entry>";
            int k = i;
            run(() -> service.publish(OWNER, node, new ItemDraft("item-" + k, body, NS), Map.of()));
        }
        for (int i = 0; i < 500; i++) {
            Jid sub = Jid.parse("sub" + i + "@localhost");
            run(() -> service.subscribe(sub, node, sub));
        }

        StringBuilder out = new StringBuilder("# Cache bench (herald.cache.enabled=" + cache.enabled() + ")\n\n"
                + Instant.now() + ", " + n + " requests after " + warmup + " warm-up, one at a time; times in µs.\n\n"
                + "| read | median | p90 | p99 | PostgreSQL transactions per request |\n|---|---|---|---|---|\n");
        HttpClient http = HttpClient.newHttpClient();
        String items = "api/v1/nodes/" + node + "/items";
        String feed = "feeds/" + node + ".atom";
        String view = "api/v1/nodes/" + node;
        for (String path : List.of(items, feed, view)) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).GET().build();
            long[] t = new long[n];
            long commitsBefore = 0;
            for (int i = -warmup; i < n; i++) {
                if (i == 0) commitsBefore = commits();
                long start = System.nanoTime();
                HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                long took = System.nanoTime() - start;
                if (r.statusCode() != 200) throw new IllegalStateException(path + " answered " + r.statusCode());
                if (i >= 0) t[i] = took;
            }
            // every instance's other work (sweeps) commits too: a few hundredths per request are background
            double perRequest = (commits() - commitsBefore) / (double) n;
            out.append(row("HTTP GET /" + path.replace(node, "{node}"), t, String.format("%.2f", perRequest)));
        }

        // the same reads in process, cached store and PostgreSQL's alternating call by call
        PubSubService direct = new PubSubService(postgres, event -> { }, settings, Clock.systemUTC(),
                () -> UUID.randomUUID().toString());
        ItemsQuery firstPage = new ItemsQuery(null, List.of(), null, PageRequest.first(20));
        long[][] page = new long[2][n];
        long[][] nodeView = new long[2][n];
        PubSubService[] services = {service, direct};
        for (int i = -warmup; i < n; i++) {
            for (int s = 0; s < 2; s++) {
                PubSubService svc = services[s];
                long start = System.nanoTime();
                run(() -> svc.itemsPage(READER, node, firstPage));
                long mid = System.nanoTime();
                run(() -> svc.node(READER, node));
                long end = System.nanoTime();
                if (i >= 0) {
                    page[s][i] = mid - start;
                    nodeView[s][i] = end - mid;
                }
            }
        }
        out.append(row("service itemsPage(20), " + (cache.enabled() ? "cached store" : "cache off (same store)"), page[0]));
        out.append(row("service itemsPage(20), PostgreSQL store", page[1]));
        out.append(row("service node view, " + (cache.enabled() ? "cached store" : "cache off (same store)"), nodeView[0]));
        out.append(row("service node view, PostgreSQL store", nodeView[1]));
        out.append("\nLoad average: ").append(Files.readString(Path.of("/proc/loadavg")).trim()).append('\n');

        System.out.println(out);
        Path dir = Path.of("target", "bench");
        Files.createDirectories(dir);
        String name = "cache-" + (cache.enabled() ? "on" : "off");
        Files.writeString(dir.resolve(name + "-" + Instant.now().toString().replace(':', '-') + ".md"), out);
        Files.writeString(dir.resolve(name + "-latest.md"), out);
    }

    private static String row(String what, long[] nanos) {
        return row(what, nanos, "");
    }

    private static String row(String what, long[] nanos, String extra) {
        long[] t = nanos.clone();
        Arrays.sort(t);
        return "| " + what + " | " + us(t, 0.5) + " | " + us(t, 0.9) + " | " + us(t, 0.99) + " | " + extra + " |\n";
    }

    /** Transactions committed in this database so far (PostgreSQL's statistics, updated within a second or so). */
    private long commits() throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", null);
             ResultSet r = c.createStatement().executeQuery(
                     "select pg_stat_clear_snapshot(), xact_commit from pg_stat_database where datname = current_database()")) {
            r.next();
            return r.getLong(2);
        }
    }

    private static String us(long[] sorted, double q) {
        return String.format("%.0f", sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1000.0);
    }

    private static <T> T run(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
