package org.herald.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A node stream over a WebSocket ({"type","id","data"} text messages), recording the ids of the items heard. */
final class WsTap implements WebSocket.Listener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> itemIds = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    /** Connects; returns once the upgrade succeeded (the stream follows the node from then on). */
    static WsTap open(URI httpUri, String bearer) {
        WsTap tap = new WsTap();
        URI ws = URI.create(httpUri.toString().replaceFirst("^http", "ws"));
        try {
            tap.socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + bearer)
                    .buildAsync(ws, tap).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the WebSocket did not open: " + ws, e);
        }
        return tap;
    }

    List<String> itemIds() {
        return List.copyOf(itemIds);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                JsonNode m = JSON.readTree(partial.toString());
                if ("item".equals(m.path("type").asText())) itemIds.add(m.path("data").path("id").asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                partial.setLength(0);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public void close() {
        if (socket != null) socket.abort();
    }
}
