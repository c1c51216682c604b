package org.herald.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A throwaway nginx with the Nchan module, the SSE benchmark's peer: its own config, pid, logs and temp paths in a temp
 * directory, listening on one loopback port, never daemonised (so it dies with its process handle), channels stored in
 * the Redis at {@code redisUrl} (a private one: the benchmark never touches the shared Redis). Subscribers GET
 * {@code /sub/<channel>} as EventSource, publishers POST the message body to {@code /pub/<channel>}.
 */
final class Nginx implements AutoCloseable {
    private static final List<Path> MODULES = List.of(Path.of("/usr/lib/nginx/modules/ngx_nchan_module.so"),
            Path.of("/usr/share/nginx/modules-available/ngx_nchan_module.so"));

    final Path dir;
    final int port;
    final Process process;

    private Nginx(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts nginx on 127.0.0.1:{@code port} with {@code workers} worker processes; returns once the process exists. */
    static Nginx start(int port, String redisUrl, int workers, int maxConnections) {
        try {
            Path dir = Files.createTempDirectory("herald-bench-nginx");
            Files.createDirectories(dir.resolve("tmp"));
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, config(dir, port, redisUrl, workers, maxConnections), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", conf.toString(), "-g", "daemon off;")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            return new Nginx(dir, port, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path module() {
        return MODULES.stream().filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new IllegalStateException("Nchan is not installed (apt-get install nginx libnginx-mod-nchan)"));
    }

    /**
     * Enough descriptors for every subscriber plus the Redis connections ({@code worker_rlimit_nofile}); the message
     * buffer kept per channel is small, as Herald's node keeps a bounded replay buffer.
     */
    static String config(Path dir, int port, String redisUrl, int workers, int maxConnections) {
        String d = dir.toString();
        return """
                load_module %s;
                worker_processes %d;
                worker_rlimit_nofile %d;
                pid %s/nginx.pid;
                error_log %s/error.log warn;
                events { worker_connections %d; }
                http {
                    access_log off;
                    client_body_temp_path %s/tmp/body;
                    proxy_temp_path %s/tmp/proxy;
                    fastcgi_temp_path %s/tmp/fastcgi;
                    uwsgi_temp_path %s/tmp/uwsgi;
                    scgi_temp_path %s/tmp/scgi;
                    upstream bench_redis { nchan_redis_server %s; }
                    server {
                        listen 127.0.0.1:%d;
                        location ~ ^/sub/(\\w+)$ {
                            nchan_subscriber eventsource;
                            nchan_channel_id $1;
                            nchan_redis_pass bench_redis;
                        }
                        location ~ ^/pub/(\\w+)$ {
                            nchan_publisher;
                            nchan_channel_id $1;
                            nchan_redis_pass bench_redis;
                            nchan_message_buffer_length 256;
                        }
                    }
                }
                """.formatted(module(), workers, maxConnections * 2 + 1024, d, d, maxConnections + 512, d, d, d, d, d,
                redisUrl, port);
    }

    /**
     * Waits until Nchan serves channels: its publisher location answers a channel query with 200 or 404 (no such
     * channel yet), not 503, which it answers until its workers are connected to Redis. Fails early with the log if
     * nginx exited.
     */
    void awaitReady(Duration atMost) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest query = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/pub/readiness")).timeout(Duration.ofSeconds(2)).build();
        Awaitility.await("nginx serving Nchan channels").atMost(atMost).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (!process.isAlive()) throw new IllegalStateException("nginx exited:\n" + log());
            if (!accepts()) return false;
            int status = http.send(query, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 || status == 404;
        });
    }

    boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    String log() {
        try {
            String out = Files.readString(dir.resolve("stdout.log"));
            Path err = dir.resolve("error.log");
            return out + (Files.exists(err) ? Files.readString(err) : "");
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.forEach(ProcessHandle::destroyForcibly);
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
