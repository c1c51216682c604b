package org.herald.ingest;

import static org.herald.ingest.FeedsResourceTest.as;
import static org.herald.ingest.FeedsResourceTest.register;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.herald.testsupport.HttpTokens;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test: end-to-end ingestion throughput (fetch over HTTP + parse + cursor + publish through
 * PubSubService + cursor rows) of K local feeds with M entries each, first with all feeds on one host (politeness
 * serialises them), then spread over H loopback "hosts" (127.0.0.x), which fetch side by side. Excluded from the
 * normal build (surefire excludes *Bench); run it with bench/ingest.sh, which also turns the scheduler's timer off
 * so the measured passes are the only ones. Printed and written to target/bench/ingest.txt, never asserted.
 */
@QuarkusTest
class IngestBench {
    final int k = Integer.getInteger("bench.feeds", 50);
    final int m = Integer.getInteger("bench.entries", 20);
    final int h = Integer.getInteger("bench.hosts", 8);

    @Inject
    FeedScheduler scheduler;

    @Test
    void ingestionThroughput() throws Exception {
        StringBuilder out = new StringBuilder();
        try (LocalFeedServer origin = new LocalFeedServer(InetAddress.getByName("0.0.0.0"), 16)) {
            out.append(run(origin, 1)).append(run(origin, h));
        }
        System.out.println(out);
        Path file = Path.of("target/bench/ingest.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
    }

    private String run(LocalFeedServer origin, int hosts) {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<Integer> feeds = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            String node = "bench/ingest-" + run + "-" + i;
            as(HttpTokens.ADMIN).contentType(ContentType.JSON).body("{\"id\":\"" + node + "\"}").post("/api/v1/nodes")
                    .then().statusCode(201);
            String[] entries = new String[m * 3];
            for (int e = 0; e < m; e++) {
                entries[e * 3] = "urn:bench:" + run + ":" + i + ":" + e;
                entries[e * 3 + 1] = "Entry " + e + " of feed " + i;
                entries[e * 3 + 2] = "Some text of entry " + e + ", long enough to look like a summary of something.";
            }
            String path = "/bench-" + run + "-" + i + ".atom";
            origin.serve(path, LocalFeedServer.atom("bench" + i, entries));
            int id = register(HttpTokens.ADMIN, origin.url("127.0.0." + (1 + i % hosts), path), node).statusCode(201)
                    .extract().path("id");
            feeds.add(id);
        }
        long start = System.nanoTime();
        int fed = 0;
        while (fed < k) fed += scheduler.runOnce().await().atMost(Duration.ofMinutes(10));
        double s = (System.nanoTime() - start) / 1e9;
        long published = 0;
        for (int id : feeds) {
            Number n = as(HttpTokens.ADMIN).get(FeedsResourceTest.FEEDS + "/" + id).then().statusCode(200).extract().path("itemsPublished");
            published += n.longValue();
        }
        return String.format(Locale.ROOT, "ingest: %d feeds x %d entries on %d host(s): %.2f s, %.1f feeds/s, %.0f entries/s"
                + " (items published: %d)%n", k, m, hosts, s, k / s, k * m / s, published);
    }
}
