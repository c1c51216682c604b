package org.herald.feeds.fetch;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 for fetcher tests: routes by exact path, records every request it got, and
 * releases handlers parked on {@link #park()} when closed (slow-server tests park instead of sleeping).
 */
final class FeedServer implements AutoCloseable {

    @FunctionalInterface
    interface Route {
        void handle(HttpExchange exchange) throws IOException;
    }

    record Seen(String path, Headers headers) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    FeedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                seen.add(new Seen(exchange.getRequestURI().getPath(), exchange.getRequestHeaders()));
                Route route = routes.get(exchange.getRequestURI().getPath());
                if (route == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    route.handle(exchange);
                }
            } catch (IOException e) {
                // the client hung up (a cap or a deadline): that is what the test provoked
            }
        });
        server.start();
    }

    FeedServer route(String path, Route route) {
        routes.put(path, route);
        return this;
    }

    /** A plain answer with a fixed-length body and the given headers (name, value, name, value ...). */
    FeedServer respond(String path, int status, String body, String... headers) {
        return route(path, ex -> send(ex, status, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers));
    }

    FeedServer redirect(String path, int status, String location) {
        return respond(path, status, null, "Location", location);
    }

    static void send(HttpExchange ex, int status, byte[] body, String... headers) throws IOException {
        for (int i = 0; i < headers.length; i += 2) ex.getResponseHeaders().add(headers[i], headers[i + 1]);
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Seen> seen() {
        return seen;
    }

    List<String> paths() {
        return seen.stream().map(Seen::path).toList();
    }

    /** Blocks a handler until the server closes: a server that never answers (or never finishes). */
    void park() {
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
