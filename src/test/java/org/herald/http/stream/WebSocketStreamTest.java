package org.herald.http.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.herald.testsupport.HttpTokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WebSocketStreamTest extends StreamTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    HttpTokens tokens;

    /** Collects the JSON messages, pings and close of one WebSocket. */
    static final class Recorder implements WebSocket.Listener {
        final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        final AtomicInteger pings = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + partial, e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            pings.incrementAndGet();
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.set(true);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.set(true);
        }

        List<String> itemIds() {
            return messages.stream().filter(m -> m.get("type").asText().equals("item"))
                    .map(m -> m.get("data").get("id").asText()).toList();
        }

        List<String> types() {
            return messages.stream().map(m -> m.get("type").asText()).toList();
        }

        List<JsonNode> items() {
            return messages.stream().filter(m -> m.get("type").asText().equals("item")).toList();
        }
    }

    private static WebSocket connect(URI uri, Map<String, String> headers, Recorder recorder) throws Exception {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
        headers.forEach(b::header);
        return b.buildAsync(uri, recorder).get();
    }

    @Test
    void aWebSocketGetsTheSameMessagesAndResumesWithLastEventId() throws Exception {
        String node = fx.node("ws-live");
        Recorder first = new Recorder();
        WebSocket ws = connect(fx.ws(node, null), Map.of(), first);
        // The upgrade completes before the node is followed: the "live" message says nothing can be missed now.
        await().atMost(WAIT).until(() -> first.types().contains("live"));
        fx.publish(node, "w1");
        await().atMost(WAIT).until(() -> first.items().size() == 1);
        JsonNode item = first.items().get(0);
        assertThat(item.get("data").get("node").asText()).isEqualTo(node);
        assertThat(item.get("id").asLong()).isEqualTo(item.get("data").get("seq").asLong());
        await().atMost(WAIT).until(() -> first.pings.get() >= 1); // heartbeats are pings
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get();

        fx.publish(node, "w2");
        fx.publish(node, "w3");
        Recorder again = new Recorder();
        connect(fx.ws(node, "lastEventId=" + item.get("id").asLong()), Map.of(), again);
        await().atMost(WAIT).until(() -> again.items().size() == 2);
        fx.publish(node, "w4");
        await().atMost(WAIT).until(() -> again.items().size() == 3);
        assertThat(again.itemIds()).containsExactly("w2", "w3", "w4");
    }

    @Test
    void theUpgradeIsRefusedAsRestWouldRefuse() {
        String closed = fx.node("ws-closed", "access_model", "whitelist");
        assertThat(status(fx.ws(closed, null), Map.of())).isEqualTo(401);
        assertThat(status(fx.ws(closed, null), Map.of("Authorization", "Bearer hrld_nope"))).isEqualTo(401);
        String bob = tokens.issue("bob@localhost");
        assertThat(status(fx.ws(closed, null), Map.of("Authorization", HttpTokens.bearer(bob)))).isEqualTo(403);
        assertThat(status(fx.ws("no-such-node", null), Map.of())).isEqualTo(404);
        assertThat(status(fx.ws(closed, "lastEventId=x"), Map.of())).isEqualTo(422);
    }

    @Test
    void aReaderWhoLosesAccessIsDisconnected() throws Exception {
        String node = fx.node("ws-revoke");
        Recorder anonymous = new Recorder();
        connect(fx.ws(node, null), Map.of(), anonymous);
        fx.configure(node, "access_model", "whitelist");
        await().atMost(WAIT).until(anonymous.closed::get);
        assertThat(anonymous.messages).anySatisfy(m -> assertThat(m.get("type").asText()).isEqualTo("closed"));
    }

    private static int status(URI uri, Map<String, String> headers) {
        Throwable refused = catchThrowable(() -> connect(uri, headers, new Recorder()));
        assertThat(refused).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
    }
}
