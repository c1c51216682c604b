package org.herald.http.stream;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.smallrye.mutiny.Uni;

/** A stream as WebSocket text messages (RFC 6455), one JSON object per event; heartbeats are ping frames (§5.5.2). */
final class WsChannel implements StreamChannel {
    private static final Buffer PING = Buffer.buffer("heartbeat");

    private final WebSocketConnection connection;

    WsChannel(WebSocketConnection connection) {
        this.connection = connection;
    }

    @Override
    public Future<Void> send(StreamMessage message) {
        return future(connection.sendText(message.json()));
    }

    @Override
    public void live() {
        send(StreamMessage.live());
    }

    @Override
    public Future<Void> heartbeat() {
        return future(connection.sendPing(PING));
    }

    @Override
    public void close() {
        if (connection.isOpen()) connection.close(CloseReason.NORMAL).subscribe().with(v -> { }, e -> { });
    }

    /** The endpoint's @OnClose tells the client (see NodeWebSocket). */
    @Override
    public void onClose(Runnable whenClosed) {
        if (connection.isClosed()) whenClosed.run();
    }

    private Future<Void> future(Uni<Void> sending) {
        if (connection.isClosed()) return Future.failedFuture("the connection has closed");
        Promise<Void> done = Promise.promise();
        sending.subscribe().with(v -> done.complete(), done::fail);
        return done.future();
    }
}
