package org.herald.ingest;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP origin on 127.0.0.1 serving feeds by path. Each path holds a body (answered 200 with a strong ETag
 * derived from it, and 304 to a matching If-None-Match) or a bare status with headers (410, 503 + Retry-After).
 */
final class LocalFeedServer implements AutoCloseable {
    private record Answer(int status, String body, String contentType, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private volatile boolean conditional = true;

    LocalFeedServer() throws IOException {
        this(InetAddress.getLoopbackAddress(), 4);
    }

    /** Bound to {@code address} (the bench binds 0.0.0.0 to be reached as 127.0.0.x, several "hosts"). */
    LocalFeedServer(InetAddress address, int threads) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Answer a = answers.get(path);
            if (a == null) a = new Answer(404, "", "text/plain", Map.of());
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            if (a.status() != 200) {
                exchange.sendResponseHeaders(a.status(), -1);
                exchange.close();
                return;
            }
            String etag = "\"" + Integer.toHexString(a.body().hashCode()) + "\"";
            if (conditional) {
                exchange.getResponseHeaders().add("ETag", etag);
                if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                    exchange.sendResponseHeaders(304, -1);
                    exchange.close();
                    return;
                }
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", a.contentType());
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Whether 200 answers carry an ETag (and matching requests get 304). Off: every fetch reads the whole feed. */
    void conditional(boolean on) {
        conditional = on;
    }

    String url(String path) {
        return url("127.0.0.1", path);
    }

    String url(String host, String path) {
        return "http://" + host + ":" + server.getAddress().getPort() + path;
    }

    void serve(String path, String atom) {
        answers.put(path, new Answer(200, atom, "application/atom+xml; charset=utf-8", Map.of()));
    }

    void status(String path, int status, Map<String, String> headers) {
        answers.put(path, new Answer(status, "", "text/plain", headers));
    }

    int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** An Atom feed document (RFC 4287) with entries given as (id, title, content) triples. */
    static String atom(String title, String... idTitleContent) {
        StringBuilder sb = new StringBuilder("<?xml version='1.0' encoding='utf-8'?>\n<feed xmlns='http://www.w3.org/2005/Atom'>"
                + "<id>urn:test:" + title + "</id><title>" + title + "</title><updated>2026-11-20T10:00:00Z</updated>");
        for (int i = 0; i + 2 < idTitleContent.length; i += 3) {
            sb.append("<entry><id>").append(idTitleContent[i]).append("</id><title>").append(idTitleContent[i + 1])
                    .append("</title><updated>2026-11-20T10:00:00Z</updated><content type='text'>")
                    .append(idTitleContent[i + 2]).append("</content></entry>");
        }
        return sb.append("</feed>").toString();
    }
}
