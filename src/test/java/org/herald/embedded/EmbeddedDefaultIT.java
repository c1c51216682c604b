package org.herald.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.herald.testsupport.HeraldProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded default as an operator meets it: the packaged jar ({@code java -jar quarkus-run.jar}), started with
 * {@code herald.embedded=always} (on this machine real servers answer at the default addresses, so auto would not
 * embed), starts its own PostgreSQL and Redis, becomes ready, takes a publish over REST and still has it after a
 * restart; with real servers configured it starts nothing. PostgreSQL refuses to run as root, so when the tests run
 * as root the embedded Herald runs as {@code nobody} (setpriv, which execs: SIGTERM reaches the JVM itself).
 */
class EmbeddedDefaultIT {
    static final Path LOGS = Path.of("target", "embedded-it");
    static final Duration START_UP = Duration.ofSeconds(120);
    static final String TOKEN = "hrld_test-admin-token";
    static final String TOKEN_SHA256 = "b094d533af044d073d8b1dae2e2256913379f94c0dceca35241e385cbb052384";
    static final Pattern PG_PORT = Pattern.compile("EMBEDDED PostgreSQL on 127\\.0\\.0\\.1:(\\d+)");
    static final Pattern REDIS_PORT = Pattern.compile("EMBEDDED Redis on 127\\.0\\.0\\.1:(\\d+)");

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String run = UUID.randomUUID().toString().substring(0, 8);
    Path dataDir;
    HeraldProcess herald;

    @BeforeEach
    void dataDir() throws IOException {
        dataDir = Files.createTempDirectory("herald-embedded-it-");
        if (ProcessUser.isRoot()) {
            PosixFileAttributeView view = Files.getFileAttributeView(dataDir, PosixFileAttributeView.class);
            var users = dataDir.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal nobody = users.lookupPrincipalByName("nobody");
            GroupPrincipal nogroup = users.lookupPrincipalByGroupName("nogroup");
            view.setOwner(nobody);
            view.setGroup(nogroup);
        }
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (herald != null) herald.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void alwaysStartsEmbeddedServersThatKeepTheirDataAcrossARestart() throws Exception {
        int port = freePort();
        herald = startEmbedded(port, "first");
        awaitReady(port);
        String log = herald.logText();
        assertThat(log).contains("started an EMBEDDED PostgreSQL").contains("started an EMBEDDED Redis")
                .contains("data in " + dataDir.toAbsolutePath().resolve("postgres"));
        int pgPort = port(PG_PORT, log);
        int redisPort = port(REDIS_PORT, log);
        assertThat(answers(pgPort)).isTrue();
        assertThat(answers(redisPort)).isTrue();

        String node = "laptop-" + run;
        assertThat(post(port, "/api/v1/nodes", "{\"id\":\"" + node + "\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> published = post(port, "/api/v1/nodes/" + node + "/items", "{\"note\":\"kept across restarts ✓\"}");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);

        assertThat(herald.stopGracefully(Duration.ofSeconds(30))).as("Herald stops on SIGTERM").isNotNull();
        // Both embedded servers stop with Herald: nothing is left listening on their ports.
        Awaitility.await("embedded servers stopped").atMost(Duration.ofSeconds(15))
                .until(() -> !answers(pgPort) && !answers(redisPort));

        herald = startEmbedded(port, "second");
        awaitReady(port);
        String second = herald.logText();
        assertThat(second).contains("started an EMBEDDED PostgreSQL").doesNotContain("initdb completed");
        HttpResponse<String> items = get(port, "/api/v1/nodes/" + node + "/items");
        assertThat(items.statusCode()).isEqualTo(200);
        assertThat(items.body()).contains("kept across restarts ✓");
    }

    @Test
    void withRealServersConfiguredNothingEmbeddedStarts() throws Exception {
        int port = freePort();
        Path neverCreated = dataDir.resolve("unused");
        // The real servers as an operator would configure them (the environment's, else the local defaults).
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", envOr("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/test"));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", envOr("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test"));
        env.put("QUARKUS_REDIS_HOSTS", envOr("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:6379"));
        herald = HeraldProcess.startStandalone(List.of(), env, port, LOGS.resolve(run + "-configured.log"),
                "herald.embedded", "auto", "herald.embedded.data-dir", neverCreated.toString());
        awaitReady(port);
        assertThat(herald.logText())
                .contains("PostgreSQL: using the configured datasource (herald.embedded=auto)")
                .contains("Redis: using the configured quarkus.redis.hosts (herald.embedded=auto)")
                .doesNotContain("EMBEDDED").doesNotContain("io.zonky");
        assertThat(neverCreated).doesNotExist();
    }

    @Test
    void asRootAnEmbeddedPostgresIsRefusedWithAnExplanation() throws Exception {
        // Skipped, not failed, where the build runs as an ordinary user: PostgreSQL refuses only root, so there is
        // nothing to refuse; this machine and CI run as root, where the test always runs.
        assumeTrue(ProcessUser.isRoot(), "only root is refused");
        herald = HeraldProcess.startStandalone(List.of(), Map.of(), freePort(), LOGS.resolve(run + "-root.log"),
                "herald.embedded", "always", "herald.embedded.data-dir", dataDir.toString());
        Awaitility.await("Herald refuses and exits").atMost(Duration.ofSeconds(60)).until(() -> !herald.isAlive());
        assertThat(herald.exitValue()).isEqualTo(2);
        assertThat(herald.logText()).contains("PostgreSQL refuses to run as root")
                .contains("QUARKUS_DATASOURCE_REACTIVE_URL").doesNotContain("EMBEDDED Redis");
    }

    HeraldProcess startEmbedded(int port, String name) {
        List<String> asUser = ProcessUser.isRoot()
                ? List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--")
                : List.of();
        return HeraldProcess.startStandalone(asUser, Map.of(), port, LOGS.resolve(run + "-" + name + ".log"),
                "herald.embedded", "always",
                "herald.embedded.data-dir", dataDir.toString(),
                "herald.http.tokens.admin.jid", "admin@localhost",
                "herald.http.tokens.admin.sha256", TOKEN_SHA256,
                "herald.pubsub.admins", "admin@localhost");
    }

    void awaitReady(int port) {
        Awaitility.await("Herald ready").atMost(START_UP).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!herald.isAlive()) throw new AssertionError("Herald exited (" + herald.exitValue() + "):\n" + herald.logTail());
            try {
                return get(port, "/q/health/ready").statusCode() == 200;
            } catch (IOException e) {
                return false; // not listening yet
            }
        });
    }

    HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(int port, String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static int port(Pattern pattern, String log) {
        Matcher m = pattern.matcher(log);
        assertThat(m.find()).as("log names the port: " + pattern).isTrue();
        return Integer.parseInt(m.group(1));
    }

    static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
