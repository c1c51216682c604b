package org.herald.http.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Server-Sent Events reader over java.net.http, parsing the stream as the W3C HTML event-stream rules say
 * (§9.2.6: id, event, data fields; comment lines; a blank line dispatches). Records what arrives for tests to
 * wait on.
 */
final class SseClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One dispatched event. */
    record Event(String id, String type, String data) {
        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("event data is not JSON: " + data, e);
            }
        }
    }

    final int status;
    final String contentType;
    final String body; // for refusals only
    final HttpResponse<InputStream> response;
    final List<Event> events = new CopyOnWriteArrayList<>();
    /** System.nanoTime() at which each event was dispatched, in the order of {@link #events} (for bench/). */
    final List<Long> arrivals = new CopyOnWriteArrayList<>();
    final AtomicInteger comments = new AtomicInteger();
    final AtomicBoolean ended = new AtomicBoolean();
    private final Thread reader;

    private SseClient(HttpResponse<InputStream> response) throws IOException {
        this.response = response;
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        if (status != 200) {
            body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
            reader = null;
            ended.set(true);
            return;
        }
        body = null;
        reader = new Thread(this::read, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static SseClient open(URI uri, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        headers.forEach(b::header);
        try {
            return new SseClient(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("could not open " + uri, e);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String type = null;
            StringBuilder data = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        long now = System.nanoTime();
                        events.add(new Event(id, type == null ? "message" : type, data.toString()));
                        arrivals.add(now);
                    }
                    id = null;
                    type = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> type = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> { }
                    }
                }
            }
        } catch (IOException e) {
            // the stream was cut: that is an end too
        } finally {
            ended.set(true);
        }
    }

    List<Event> items() {
        return events.stream().filter(e -> e.type().equals("item")).toList();
    }

    List<String> itemIds() {
        return items().stream().map(e -> e.json().get("id").asText()).toList();
    }

    @Override
    public void close() {
        try {
            if (status == 200) response.body().close();
        } catch (IOException e) {
            // already gone
        }
    }
}
