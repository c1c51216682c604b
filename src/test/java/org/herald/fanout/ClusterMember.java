package org.herald.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.herald.testsupport.HeraldProcess;

/**
 * One Herald instance of a multi-instance test: a {@link HeraldProcess} on a known HTTP port, with a configured REST
 * token, its metrics readable and items publishable over REST. All members of a test share PostgreSQL and Redis
 * (the environment) and a Redis prefix of the test's own, so that no lease or outbox of another run interferes.
 * The fault-injection tests ({@code org.herald.faults}) use it as well, one member at a time.
 */
public final class ClusterMember implements AutoCloseable {
    public static final String TOKEN = "hrld_cluster-link-it-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    public final HeraldProcess process;
    public final int httpPort;

    private ClusterMember(String name, HeraldProcess process, int httpPort) {
        this.name = name;
        this.process = process;
        this.httpPort = httpPort;
    }

    /**
     * Starts a member attached to a component of an XMPP server.
     *
     * @param restJid who the REST token speaks for (a node owner, so that it may publish)
     * @param extra further {@code key, value} system properties
     */
    public static ClusterMember start(String name, Path logs, String host, int componentPort, String component, String secret,
                               String redisPrefix, String restJid, String... extra) throws IOException {
        int port = freePort();
        Path log = logs.resolve("herald-" + name + ".log");
        Files.createDirectories(logs);
        Files.deleteIfExists(log);
        List<String> props = new ArrayList<>(List.of(
                "quarkus.http.port", Integer.toString(port),
                "herald.redis.prefix", redisPrefix,
                "herald.http.tokens.it.jid", restJid,
                "herald.http.tokens.it.sha256", sha256(TOKEN),
                // fail over quickly in tests (a dead holder's lease expires within 3 s, its batches are taken over after 2 s), yet
                // not so quickly that a holder starved of CPU while two JVMs start on two cores loses its lease
                "herald.component.lease-ttl", "3s",
                "herald.fanout.outbox-claim-after", "2s"));
        props.addAll(java.util.Arrays.asList(extra)); // may hold nulls: HeraldProcess drops those keys
        HeraldProcess p = HeraldProcess.start(host, componentPort, component, secret, log, props.toArray(String[]::new));
        return new ClusterMember(name, p, port);
    }

    /** The sum of a Prometheus metric's samples whose line contains {@code labelFilter} (or all, when empty); -1 if absent. */
    public double metric(String name, String labelFilter) {
        String text;
        try {
            text = get("/q/metrics").body();
        } catch (IOException e) {
            return -1;
        }
        double sum = 0;
        boolean found = false;
        for (String line : text.lines().toList()) {
            if (line.startsWith("#") || !(line.startsWith(name + " ") || line.startsWith(name + "{"))) continue;
            if (!labelFilter.isEmpty() && !line.contains(labelFilter)) continue;
            sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            found = true;
        }
        return found ? sum : -1;
    }

    public boolean holdsLink() {
        return metric("herald_xmpp_link_holder", "") == 1 && metric("herald_xmpp_link_up", "") == 1;
    }

    /** PUT an item with this id over REST (§7.1.2 semantics); the HTTP status, or -1 when the request failed. */
    public int publish(String node, String id, String xmlPayload) {
        try {
            HttpRequest r = HttpRequest.newBuilder(uri("/api/v1/nodes/" + node + "/items/" + id))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/xml")
                    .PUT(HttpRequest.BodyPublishers.ofString(xmlPayload, StandardCharsets.UTF_8)).build();
            return HTTP.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * PUT an item with this id over REST and returns the whole answer (status, headers, problem body), or throws
     * when no answer came within {@code timeout} (a hang) or the connection failed.
     */
    public HttpResponse<String> put(String node, String id, String xmlPayload, Duration timeout) throws IOException {
        HttpRequest r = HttpRequest.newBuilder(uri("/api/v1/nodes/" + node + "/items/" + id)).timeout(timeout)
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/xml")
                .PUT(HttpRequest.BodyPublishers.ofString(xmlPayload, StandardCharsets.UTF_8)).build();
        try {
            return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The status of {@code GET /q/health/ready} (200 UP, 503 DOWN), or -1 when HTTP is not answering. */
    public int readiness() {
        try {
            return get("/q/health/ready").statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Every item id the node holds, read over REST page by page (newest first, cursor paging, 100 a page). */
    public Set<String> itemIds(String node) throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        String after = null;
        do {
            String path = "/api/v1/nodes/" + node + "/items?limit=100"
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            HttpRequest r = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + TOKEN).GET().build();
            HttpResponse<String> page;
            try {
                page = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            if (page.statusCode() != 200) throw new IOException("GET " + path + ": " + page.statusCode() + " " + page.body());
            JsonNode json = JSON.readTree(page.body());
            json.path("items").forEach(item -> ids.add(item.path("id").asText()));
            after = json.path("next").isTextual() ? json.path("next").asText() : null;
        } while (after != null);
        return ids;
    }

    /** GET of one item over REST: its HTTP status (200 when it is stored in PostgreSQL). */
    public int itemStatus(String node, String id) throws IOException {
        HttpRequest r = HttpRequest.newBuilder(uri("/api/v1/nodes/" + node + "/items/" + id)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN).GET().build();
        try {
            return HTTP.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    @Override
    public void close() {
        process.close();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
