package org.herald.http.websub;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real WebSub subscriber's HTTP server on 127.0.0.1 (free port): records every request and answers as each path's
 * responder says (public: fault tests outside this package run one too). By default it confirms verifications (echoes hub.challenge) and accepts deliveries with 200.
 */
public final class CallbackServer implements AutoCloseable {

    public record Received(String method, String path, Map<String, String> query, Headers headers, String body, int status) {
        String mode() {
            return query.get("hub.mode");
        }
    }

    record Reply(int status, String body) {
    }

    static final Function<Received, Reply> CONFIRM = r -> "GET".equals(r.method()) && r.query().containsKey("hub.challenge")
            ? new Reply(200, r.query().get("hub.challenge"))
            : new Reply(200, "");

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Received, Reply>> responders = new ConcurrentHashMap<>();

    public CallbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** How requests to {@code path} are answered from now on. */
    void on(String path, Function<Received, Reply> responder) {
        responders.put(path, responder);
    }

    List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    public List<Received> posts(String path) {
        return at(path).stream().filter(r -> r.method().equals("POST")).toList();
    }

    public List<Received> gets(String path, String mode) {
        return at(path).stream().filter(r -> r.method().equals("GET") && mode.equals(r.mode())).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                query(exchange.getRequestURI().getRawQuery()), exchange.getRequestHeaders(), body, 0);
        Reply reply = responders.getOrDefault(request.path(), CONFIRM).apply(request);
        received.add(new Received(request.method(), request.path(), request.query(), request.headers(), body, reply.status()));
        byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) exchange.getResponseBody().write(out);
        exchange.close();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
