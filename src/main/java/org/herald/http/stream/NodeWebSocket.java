package org.herald.http.stream;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.herald.http.auth.Actor;

/**
 * /api/v1/nodes/{node}/ws: a node's live stream over a WebSocket, with the same JSON messages as the SSE stream
 * ({"type","id","data"}). The bearer token comes in the Authorization header of the upgrade request and the access
 * check runs before the upgrade ({@link StreamUpgradeCheck}), so refusals are plain HTTP statuses; resume with
 * {@code ?lastEventId=}. The server only sends; what the client sends is ignored.
 */
@WebSocket(path = "/api/v1/nodes/{node}/ws", endpointId = NodeWebSocket.ID)
public class NodeWebSocket {
    static final String ID = "herald-node-stream";
    static final UserData.TypedKey<Actor> ACTOR = new UserData.TypedKey<>("herald.actor");
    static final UserData.TypedKey<Long> RESUME = new UserData.TypedKey<>("herald.resume");
    /** The area filter (bbox, or near and radius), checked before the upgrade. */
    static final UserData.TypedKey<org.herald.domain.geo.GeoArea> AREA = new UserData.TypedKey<>("herald.area");
    private static final UserData.TypedKey<StreamClient> CLIENT = new UserData.TypedKey<>("herald.client");
    /** RFC 6455 §7.4.1: the endpoint refuses a message that violates its policy (here: reading was revoked). */
    static final int POLICY_VIOLATION = 1008;

    private final StreamClients clients;

    NodeWebSocket(StreamClients clients) {
        this.clients = clients;
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        Actor actor = connection.userData().get(ACTOR);
        Long resume = connection.userData().get(RESUME);
        StreamClient client = clients.create(actor.jid(), connection.pathParam("node"), resume,
                connection.userData().get(AREA), Vertx.currentContext());
        connection.userData().put(CLIENT, client);
        // checked again now the connection is open: access may have changed since the upgrade was allowed
        return client.open()
                .invoke(() -> client.start(new WsChannel(connection)))
                .onFailure().recoverWithUni(e -> connection.sendText(StreamMessage.closed(
                                e instanceof org.herald.domain.PubSubException p
                                        ? org.herald.http.problem.HttpErrors.of(p.error()).condition() : "internal-server-error").json())
                        .chain(() -> connection.close(new CloseReason(POLICY_VIOLATION, "not allowed"))));
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        StreamClient client = connection.userData().get(CLIENT);
        if (client != null) client.close();
    }
}
