package org.herald.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL for one test (the machine's Debian binaries, {@code /usr/lib/postgresql/15/bin}, a fresh
 * cluster in a temp dir on a free loopback port, trust authentication), so a test may stop and start it without
 * touching the shared server every other test and helper uses. PostgreSQL refuses to run as root: when the tests
 * do, its commands run as the {@code postgres} user ({@code runuser}), in a directory that user owns. A restart
 * keeps the port and the data, as an operator's restart would.
 */
public final class PrivatePostgres implements AutoCloseable {
    private static final Path BIN = Path.of(System.getProperty("herald.test.pg-bin", "/usr/lib/postgresql/15/bin"));
    private static final String SERVICE_USER = "postgres";

    /** How {@code pg_ctl stop} ends the server (PostgreSQL's shutdown modes). */
    public enum StopMode {
        /** Sessions are ended (their clients see "terminating connection due to administrator command"), then a checkpoint. */
        FAST("fast"),
        /** Every server process quits at once, as in a crash; the next start runs crash recovery from the WAL. */
        IMMEDIATE("immediate");

        final String flag;

        StopMode(String flag) {
            this.flag = flag;
        }
    }

    private final Path dir;
    private final int port;

    private PrivatePostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Creates a cluster (database {@code postgres}, user {@code postgres}, trust) and starts it. */
    public static PrivatePostgres start() {
        if (!Files.isExecutable(BIN.resolve("initdb"))) {
            throw new IllegalStateException("PostgreSQL binaries not found at " + BIN
                    + " (apt-get install postgresql-15, or -Dherald.test.pg-bin=...)");
        }
        try {
            Path dir = Files.createTempDirectory("herald-pg");
            PrivatePostgres pg = new PrivatePostgres(dir, freePort());
            if (asRoot()) run(List.of("chown", "-R", SERVICE_USER + ":" + SERVICE_USER, dir.toString()), false);
            pg.pg(List.of("initdb", "-D", pg.data().toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                    "--no-sync", "--no-instructions"));
            pg.startAgain();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** For {@code quarkus.datasource.reactive.url}. */
    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** For {@code quarkus.datasource.jdbc.url} (Flyway at start-up). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Starts the server on the same port and data and waits until it accepts connections ({@code pg_ctl -w}). */
    public void startAgain() {
        // Sockets only on loopback TCP and in our own dir: nothing of the machine's server is touched.
        pg(List.of("pg_ctl", "start", "-w", "-t", "60", "-D", data().toString(), "-l", dir.resolve("server.log").toString(),
                "-o", "-c port=" + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir
                        + " -c max_connections=50"));
    }

    /** Stops the server and waits until it is gone. */
    public void stop(StopMode mode) {
        pg(List.of("pg_ctl", "stop", "-w", "-t", "60", "-m", mode.flag, "-D", data().toString()));
    }

    /** Stops the server in {@code mode}, then starts it again. */
    public void restart(StopMode mode) {
        stop(mode);
        startAgain();
    }

    /** Whether something accepts TCP connections on the port. */
    public boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The server's own log, for failure messages. */
    public String serverLog() {
        try {
            Path log = dir.resolve("server.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the server at once and deletes its files. */
    @Override
    public void close() {
        if (Files.exists(data().resolve("postmaster.pid"))) {
            try {
                stop(StopMode.IMMEDIATE);
            } catch (IllegalStateException e) {
                // Already stopped or never fully started: the files are removed either way.
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp dir is harmless.
        }
    }

    private Path data() {
        return dir.resolve("data");
    }

    private void pg(List<String> command) {
        List<String> cmd = new ArrayList<>(command);
        cmd.set(0, BIN.resolve(command.get(0)).toString());
        run(cmd, asRoot());
    }

    private static void run(List<String> command, boolean asServiceUser) {
        List<String> cmd = new ArrayList<>();
        if (asServiceUser) cmd.addAll(List.of("runuser", "-u", SERVICE_USER, "--"));
        cmd.addAll(command);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " timed out:\n" + out);
            }
            if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
