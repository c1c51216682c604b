package org.herald.http.stream;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;

/** A stream as Server-Sent Events on a chunked HTTP response. */
final class SseChannel implements StreamChannel {
    /** A comment line (§9.2.6: lines starting with a colon are ignored), enough to keep proxies and clients awake. */
    static final String HEARTBEAT = ": heartbeat\n\n";

    private final HttpServerResponse response;

    SseChannel(HttpServerResponse response) {
        this.response = response;
    }

    @Override
    public Future<Void> send(StreamMessage message) {
        return write(message.sse());
    }

    @Override
    public Future<Void> heartbeat() {
        return write(HEARTBEAT);
    }

    private Future<Void> write(String chunk) {
        if (response.ended() || response.closed()) return Future.failedFuture("the stream has ended");
        return response.write(chunk);
    }

    @Override
    public void close() {
        if (!response.ended() && !response.closed()) response.end();
    }

    @Override
    public void onClose(Runnable whenClosed) {
        response.closeHandler(v -> whenClosed.run());
        response.exceptionHandler(e -> whenClosed.run());
    }
}
