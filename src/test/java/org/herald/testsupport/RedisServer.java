package org.herald.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A private Redis for one test class (the machine's {@code redis-server} binary on a free loopback port, keeping
 * nothing on disk), so a test may stop, restart or flush it without touching the shared Redis other tests use.
 * A restart keeps the port, as a Redis restarted by its operator would.
 */
public final class RedisServer implements AutoCloseable {
    private final int port;
    private final Path dir;
    private Process process;

    private RedisServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** Starts a fresh Redis and waits until it answers. */
    public static RedisServer start() {
        try {
            RedisServer r = new RedisServer(freePort(), Files.createTempDirectory("herald-redis"));
            r.startProcess();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The URI for {@code quarkus.redis.hosts}, on database {@code db}. */
    public String uri(int db) {
        return "redis://127.0.0.1:" + port + "/" + db;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills Redis at once (SIGKILL): everything it held is gone, as in a crash. */
    public void kill() {
        if (process == null) return;
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !answers());
    }

    /** Starts Redis again on the same port, empty. */
    public void restart() {
        kill();
        startProcess();
    }

    /** Whether something accepts connections on the port. */
    public boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void startProcess() {
        List<String> cmd = List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no");
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server could not start (is it installed?)", e);
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(this::answers);
    }

    @Override
    public void close() {
        kill();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
