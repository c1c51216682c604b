package org.herald.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A headless Chromium driven through the Chrome DevTools Protocol (one JSON message per WebSocket text frame, commands
 * answered by id). The browser is Debian's /usr/bin/chromium, started with a throw-away profile and debugging port 0;
 * the port it chose is read from the "DevTools listening on ws://…" line it prints. Pages are targets attached in
 * flattened mode, so every command names its session. Without Chromium the caller fails rather than skips.
 */
public final class CdpBrowser implements AutoCloseable {
    /** Guards against a hung browser, never a timing assertion. */
    static final Duration GUARD = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final StringBuilder log = new StringBuilder();

    private CdpBrowser(Process process, Path profile, String endpoint) {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(GUARD)
                .buildAsync(URI.create(endpoint), new Listener()).join();
    }

    /** Starts Chromium headless and connects to its browser endpoint. */
    public static CdpBrowser launch() throws IOException, InterruptedException {
        String chromium = chromium();
        Path profile = Files.createTempDirectory("herald-cdp");
        Process p = new ProcessBuilder(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1200,800", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "about:blank")).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        StringBuilder stderr = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                    int at = line.indexOf("ws://");
                    if (line.startsWith("DevTools listening on") && at >= 0) endpoint.complete(line.substring(at).trim());
                }
            } catch (IOException ignored) {
                // the browser went away; the endpoint future below reports it
            }
            endpoint.completeExceptionally(new IllegalStateException("chromium printed no DevTools endpoint"));
        }, "chromium-stderr");
        reader.setDaemon(true); // keeps draining stderr so the browser never blocks on a full pipe
        reader.start();
        try {
            return new CdpBrowser(p, profile, endpoint.get(GUARD.toSeconds(), TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            synchronized (stderr) {
                throw new IllegalStateException("chromium did not start: " + stderr, e);
            }
        }
    }

    /** A new page (tab) at about:blank, attached in flattened mode. */
    public CdpPage newPage() {
        String targetId = call(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
        String session = call(null, "Target.attachToTarget", Map.of("targetId", targetId, "flatten", true))
                .get("sessionId").asText();
        CdpPage page = new CdpPage(this, session);
        page.call("Page.enable", Map.of());
        page.call("Runtime.enable", Map.of());
        return page;
    }

    /** Sends one command and waits for its answer; a protocol error becomes an exception naming the method. */
    JsonNode call(String session, String method, Map<String, ?> params) {
        long id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", JSON.valueToTree(params));
        if (session != null) msg.put("sessionId", session);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        synchronized (socket) { // one frame at a time: java.net.http.WebSocket refuses overlapping sends
            socket.sendText(msg.toString(), true).join();
        }
        JsonNode reply;
        try {
            reply = answer.get(GUARD.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(method + " got no answer from chromium", e);
        } finally {
            pending.remove(id);
        }
        if (reply.has("error")) throw new IllegalStateException(method + " failed: " + reply.get("error"));
        return reply.path("result");
    }

    /** Console messages and exceptions the pages reported (for failure messages). */
    public String log() {
        synchronized (log) {
            return log.toString();
        }
    }

    private void event(JsonNode msg) {
        String method = msg.path("method").asText();
        JsonNode params = msg.path("params");
        String line = switch (method) {
            case "Runtime.consoleAPICalled" -> "console." + params.path("type").asText() + ": " + params.path("args");
            case "Runtime.exceptionThrown" -> "exception: " + params.path("exceptionDetails");
            default -> null;
        };
        if (line != null) {
            synchronized (log) {
                log.append(line).append('\n');
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode msg = JSON.readTree(text);
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f = pending.get(msg.get("id").asLong());
                        if (f != null) f.complete(msg);
                    } else {
                        event(msg);
                    }
                } catch (IOException e) {
                    synchronized (log) {
                        log.append("unreadable CDP message: ").append(e.getMessage()).append('\n');
                    }
                }
            }
            ws.request(1);
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        } catch (RuntimeException ignored) {
            // the browser is going away anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    private static String chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (new File(candidate).canExecute()) return candidate;
        }
        throw new IllegalStateException("Chromium is not installed, and this test needs it: run .ci/prepare "
                + "(it runs `apt-get install -y chromium`)");
    }
}
