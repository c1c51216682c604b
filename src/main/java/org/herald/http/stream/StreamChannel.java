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

    /**
     * Tells the client its stream is live: followed, and any backlog written. An SSE client knows that from the 200
     * answer, which is only sent once the node is followed; a WebSocket's upgrade completes before that, so a
     * WebSocket client hears a {@code live} message and knows that nothing published from then on can miss it.
     */
    default void live() {
    }

    /** Runs once the client has gone (or the transport failed). */
    void onClose(Runnable whenClosed);
}
