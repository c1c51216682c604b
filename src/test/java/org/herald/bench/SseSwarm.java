package org.herald.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.PoolOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many SSE clients of one node's stream ({@code GET /api/v1/nodes/{node}/events}) on a few Vert.x event loops,
 * one HTTP/1.1 connection each. A client records an arrival for every {@code "id":"f<seq>"} in an event's data (the
 * item's id in Herald's item JSON), scanning complete events only (up to the last blank line).
 */
final class SseSwarm implements AutoCloseable {
    private static final String MARKER = "\"id\":\"" + ItemIds.PREFIX;

    private final HttpClient http;
    private final Deliveries deliveries;
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger closedEarly = new AtomicInteger();

    SseSwarm(Vertx vertx, int maxConnections, Deliveries deliveries) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setTcpNoDelay(true).setKeepAlive(false)
                .setConnectTimeout(10_000), new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1));
        this.deliveries = deliveries;
    }

    /** Opens {@code n} streams of Herald's node on 127.0.0.1:{@code port}, {@code parallel} at a time, until each answered 200. */
    void connect(int port, String node, String bearer, int n, int parallel, Duration atMost) throws Exception {
        connect(port, "/api/v1/nodes/" + node + "/events", java.util.Map.of("Authorization", "Bearer " + bearer), n,
                parallel, atMost);
    }

    /**
     * Opens {@code n} event streams at {@code uri} on 127.0.0.1:{@code port} with extra request headers: any server's
     * {@code text/event-stream} whose event data carry the item id as {@code "id":"f<seq>"} (Herald's item JSON, or the
     * body the SSE benchmark publishes to Nchan), read by the same scanner.
     */
    void connect(int port, String uri, java.util.Map<String, String> headers, int n, int parallel, Duration atMost)
            throws Exception {
        RequestOptions req = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
                .setURI(uri).addHeader("Accept", "text/event-stream");
        headers.forEach(req::addHeader);
        Opening.bounded("SSE connects", n, parallel, atMost, one ->
            http.request(req).compose(r -> r.send()).onFailure(one::tryFail).onSuccess(resp -> {
                if (resp.statusCode() != 200) {
                    one.tryFail("SSE answered " + resp.statusCode());
                    return;
                }
                open.incrementAndGet();
                resp.handler(new Scanner()::onData);
                resp.endHandler(v -> {
                    open.decrementAndGet();
                    closedEarly.incrementAndGet();
                });
                one.tryComplete();
            }));
    }

    /** One stream's scanner; runs on its connection's event loop. */
    private final class Scanner {
        private final StringBuilder in = new StringBuilder();
        private final java.util.BitSet seen = new java.util.BitSet();

        void onData(Buffer data) {
            long now = System.nanoTime();
            in.append(data.toString(StandardCharsets.ISO_8859_1));
            int end = in.lastIndexOf("\n\n");
            if (end < 0) return;
            int at = 0;
            while ((at = in.indexOf(MARKER, at)) >= 0 && at < end) {
                at += MARKER.length();
                int seq = ItemIds.digitsAt(in, at);
                if (seq >= 0 && seen.get(seq)) {
                    deliveries.duplicate();
                } else if (seq >= 0) {
                    seen.set(seq);
                    deliveries.record(seq, now);
                }
            }
            in.delete(0, end + 2);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
