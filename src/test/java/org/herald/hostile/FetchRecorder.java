package org.herald.hostile;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP listener that records every request it gets: the target of an external entity or DTD (a test can
 * tell whether a parser ever tried to fetch it), and a hostile feed origin serving fixed bytes or a generated body of
 * any size (streamed, counting what it managed to send). Register it as a static {@code @RegisterExtension} field: it
 * listens from construction and stops after the class's tests.
 */
final class FetchRecorder implements AutoCloseable, org.junit.jupiter.api.extension.AfterAllCallback {
    private record Huge(byte[] start, long size, AtomicLong sent) {
    }

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    private final Map<String, Huge> huge = new ConcurrentHashMap<>();

    FetchRecorder() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            exchange.getResponseHeaders().add("Content-Type", "application/atom+xml");
            try (OutputStream out = exchange.getResponseBody()) {
                Huge h = huge.get(path);
                if (h != null) {
                    exchange.sendResponseHeaders(200, 0); // chunked: no length announced, only the reader's limit stops it
                    out.write(h.start());
                    byte[] chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                    while (h.sent().get() < h.size()) {
                        out.write(chunk);
                        h.sent().addAndGet(chunk.length);
                    }
                    return;
                }
                byte[] body = bodies.getOrDefault(path, "<!ENTITY leaked 'fetched'>".getBytes(StandardCharsets.US_ASCII));
                exchange.sendResponseHeaders(200, body.length);
                out.write(body);
            } catch (IOException e) {
                // the client hung up (a reader at its size limit): what was sent is counted
            }
        });
        server.start();
    }

    /** A URL on this listener; {@code what} names the attack in the recorded request. */
    String url(String what) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + what;
    }

    /** Serves {@code body} at {@code /what}. */
    String serve(String what, byte[] body) {
        bodies.put("/" + what, body);
        return url(what);
    }

    /** Serves {@code start} and then 'a's up to {@code size} bytes at {@code /what}; returns the byte counter. */
    AtomicLong serveHuge(String what, String start, long size) {
        AtomicLong sent = new AtomicLong();
        huge.put("/" + what, new Huge(start.getBytes(StandardCharsets.UTF_8), size, sent));
        return sent;
    }

    /** Requests so far, as "METHOD /path". */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** Requests for paths other than {@code served}: fetches an entity or DTD caused. */
    List<String> requestsExcept(java.util.Collection<String> served) {
        return requests.stream().filter(r -> served.stream().noneMatch(s -> r.endsWith(" /" + s))).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    @Override
    public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) {
        close();
    }
}
