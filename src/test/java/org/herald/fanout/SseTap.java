package org.herald.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Server-Sent Events reader for tests against a Herald process (W3C HTML §9.2.6: id, event and data fields, a
 * blank line dispatches): records the item events that arrive, for tests to wait on. The fault-injection tests
 * ({@code org.herald.faults}) use it too.
 */
public final class SseTap implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One item event: the item's id and its sequence number (the SSE event id). */
    record Received(String id, long seq) {
    }

    public final int status;
    private final HttpResponse<InputStream> response;
    private final List<Received> items = new CopyOnWriteArrayList<>();
    private final List<String> types = new CopyOnWriteArrayList<>();

    private SseTap(HttpResponse<InputStream> response) {
        this.response = response;
        this.status = response.statusCode();
        if (status == 200) {
            Thread reader = new Thread(this::read, "sse-tap");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Opens the stream; returns once the response head arrived (Herald sends it when the stream is live). */
    public static SseTap open(URI uri, String bearer) {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + bearer).GET().build();
        try {
            return new SseTap(HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    List<Received> items() {
        return List.copyOf(items);
    }

    public List<String> itemIds() {
        return items.stream().map(Received::id).toList();
    }

    /** Every event type heard, items included (a "closed" event would say the stream ended). */
    List<String> types() {
        return List.copyOf(types);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String type = null;
            StringBuilder data = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) dispatch(type == null ? "message" : type, data.toString());
                    type = null;
                    data = null;
                } else if (!line.startsWith(":")) {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    if (field.equals("event")) type = value;
                    if (field.equals("data")) data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
        } catch (IOException e) {
            // the stream was cut: the test sees what arrived
        }
    }

    private void dispatch(String type, String data) throws IOException {
        types.add(type);
        if (!type.equals("item")) return;
        JsonNode item = JSON.readTree(data);
        items.add(new Received(item.get("id").asText(), item.get("seq").asLong()));
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already gone
        }
    }
}
