package org.herald.http.stream;

import io.vertx.core.Future;

/** The transport of one client's stream (an SSE response, a WebSocket). Called on the client's event loop. */
interface StreamChannel {
    /** Writes a message; the future completes once the transport has taken it. */
    Future<Void> send(StreamMessage message);

    /** Writes a heartbeat, which carries no event. */
    Future<Void> heartbeat();

    /** Ends the stream from our side. */
    void close();

    /** Runs once the client has gone (or the transport failed). */
    void onClose(Runnable whenClosed);
}
