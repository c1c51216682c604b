package org.herald.xmpp.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The component link's stall detector against a raw TCP server: a server that holds the connection but stops reading,
 * or stops answering, gets its link closed and reconnected (the unsent data handed on as after any loss); a server
 * that answers pings keeps its link.
 */
class StallDetectionTest {
    private static final Duration STALL = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Vertx vertx = Vertx.vertx();
    private final List<String> handedOn = new CopyOnWriteArrayList<>();
    private StallingServer server;
    private ComponentConnection link;

    private ComponentConnection connect(StallingServer.After after, Duration pingInterval) throws Exception {
        server = new StallingServer(after);
        LinkSettings settings = new LinkSettings("pubsub.stall.test", "127.0.0.1", server.port(), "secret", 1 << 20, 64,
                Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(5), 1 << 20)
                .withStallDetection(STALL, pingInterval);
        link = new ComponentConnection(vertx, settings, stanza -> { }, handedOn::addAll); // inbound stanzas do not matter
        link.start();
        await().atMost(WAIT).until(link::isConnected);
        return link;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) server.close();
        if (link != null) link.stop().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void aServerThatStopsReadingLosesTheLinkWhichReconnectsAndHandsItsBacklogOn() throws Exception {
        connect(StallingServer.After.STOP_READING, Duration.ofHours(1)); // pings out of the way: the write rule acts
        String chunk = "<message to='x@stall.test'><body>" + "x".repeat(16 * 1024) + "</body></message>";
        for (int i = 0; i < 1024; i++) link.send(chunk); // 16 MiB: far more than the kernel buffers hold
        await().atMost(WAIT).until(() -> link.stalls() == 1 && server.handshakes.get() == 2 && link.isConnected());
        assertThat(handedOn).isNotEmpty().allMatch(chunk::equals); // never written: handed on whole, nothing cut
        assertThat(link.handshakes()).isEqualTo(2);
    }

    @Test
    void aServerThatReadsButNeverAnswersAPingLosesTheLink() throws Exception {
        connect(StallingServer.After.READ_SILENTLY, Duration.ofMillis(300));
        await().atMost(WAIT).until(() -> link.stalls() >= 1 && server.handshakes.get() >= 2);
        assertThat(server.pingsSeen.get()).isPositive();
    }

    @Test
    void aServerThatAnswersPingsKeepsItsLink() throws Exception {
        connect(StallingServer.After.ANSWER_PINGS, Duration.ofMillis(300));
        // several ping rounds, each answered: each took longer than the stall timeout to come round again
        await().atMost(WAIT).until(() -> server.pingsAnswered.get() >= 5);
        assertThat(link.stalls()).isZero();
        assertThat(server.handshakes.get()).isEqualTo(1);
        assertThat(link.isConnected()).isTrue();
    }
}
