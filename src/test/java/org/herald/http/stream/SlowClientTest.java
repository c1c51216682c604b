package org.herald.http.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.herald.domain.Item;
import org.herald.domain.StoredItem;
import org.herald.http.auth.Actor;
import org.junit.jupiter.api.Test;

/**
 * A client whose socket takes nothing (its writes never complete) is closed once it is herald.http.stream.buffer-size
 * messages behind, instead of having the server hold ever more for it.
 */
@QuarkusTest
class SlowClientTest extends StreamTestBase {
    @Inject
    StreamClients clients;

    @Inject
    NodeBus bus;

    @Inject
    StreamConfig config;

    @Inject
    Vertx vertx;

    @Inject
    NodeStreams hub;

    /** A transport that never gets its writes out. */
    static final class StuckChannel implements StreamChannel {
        final AtomicInteger sent = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public Future<Void> send(StreamMessage message) {
            sent.incrementAndGet();
            return Promise.<Void>promise().future();
        }

        @Override
        public Future<Void> heartbeat() {
            return Promise.<Void>promise().future();
        }

        @Override
        public void close() {
            closed.set(true);
        }

        @Override
        public void onClose(Runnable whenClosed) {
        }
    }

    @Test
    void aClientThatFallsTooFarBehindIsClosedAndLetGo() {
        String node = fx.node("slow");
        StuckChannel stuck = new StuckChannel();
        Context context = vertx.getOrCreateContext();
        AtomicBoolean started = new AtomicBoolean();
        context.runOnContext(v -> {
            StreamClient client = clients.create(Actor.ANONYMOUS_JID, node, null, context);
            client.open().subscribe().with(ok -> {
                client.start(stuck);
                started.set(true);
            }, e -> { });
        });
        await().atMost(WAIT).until(started::get);

        int burst = config.bufferSize() + 10;
        for (int i = 0; i < burst; i++) {
            Item item = new Item(node, "i" + i, null, StreamFixture.OWNER, Instant.now());
            bus.publish(new NodeEvent(NodeEvent.Kind.ITEMS, node, List.of(new StoredItem(i + 1, item)), List.of(), null, null, null, true));
        }
        await().atMost(WAIT).until(stuck.closed::get);
        assertThat(stuck.sent.get()).isLessThanOrEqualTo(config.bufferSize());
        await().atMost(WAIT).until(() -> hub.clients(node) == 0);
    }
}
