package org.herald.fanout;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.herald.http.stream.InProcessNodeBus;
import org.herald.http.stream.NodeBus;
import org.herald.http.stream.NodeEvent;
import org.jboss.logging.Logger;

/**
 * The {@link NodeBus} of several instances (issue #6; docs/fanout.md). An instance delivers its own events to its
 * own listeners at once and sends them to a Redis pub/sub channel; every other instance hands them to its local
 * listeners. Redis pub/sub loses messages when it or a connection fails, so every followed node has a
 * {@link NodeCursor}: items are delivered once whichever way they come, and what Redis lost is read from
 * PostgreSQL (a "fill") when a sender's message numbers skip or the subscription is re-established. Events other
 * than items cannot be read back: after a loss every stream re-checks its reader's access (an ACCESS event), which
 * also ends streams of deleted nodes and re-resolves collections.
 *
 * <p>Contract of {@link NodeBus} kept: publish never blocks nor throws (queueing and Redis work happen on a Vert.x
 * context), and one instance's events of a node reach listeners everywhere in the order it published them.
 */
@ApplicationScoped
@Typed(RedisNodeBus.class)
public class RedisNodeBus implements NodeBus {
    private static final Logger LOG = Logger.getLogger(RedisNodeBus.class);

    private final InProcessNodeBus local;
    private final BusBacklog backlog;
    private final FanoutConfig config;
    private final BusMetrics metrics;
    private final Vertx vertx;
    private final String self;
    private final String channel;
    private final SenderTracker senders = new SenderTracker();
    private final Map<String, NodeCursor> cursors = new ConcurrentHashMap<>();

    private Redis redis;
    private BusPublisher publisher;
    private BusSubscriber subscriber;
    private long heartbeatTimer = -1;

    RedisNodeBus(InProcessNodeBus local, BusBacklog backlog, FanoutConfig config, BusMetrics metrics, Vertx vertx,
                 Instance instance, RedisNames names) {
        this.local = local;
        this.backlog = backlog;
        this.config = config;
        this.metrics = metrics;
        this.vertx = vertx;
        this.self = instance.id();
        this.channel = names.name("bus", "events");
    }

    /** Connects to Redis (in the background: a Redis that is down is retried, nothing waits for it). */
    synchronized void start(Redis redis) {
        if (this.redis != null) return;
        this.redis = redis;
        publisher = new BusPublisher(redis, vertx.getOrCreateContext(), channel, self, config, metrics);
        subscriber = new BusSubscriber(redis, vertx, channel, config, this::onMessage, this::resync, metrics);
        metrics.gauges(publisher::queued, () -> subscriber.subscribed() ? 1 : 0, cursors::size);
        subscriber.start();
        heartbeatTimer = vertx.setPeriodic(config.heartbeat().toMillis(), id -> publisher.heartbeat());
        publisher.heartbeat(); // at once: opens the publishing connection before the first event needs it
    }

    synchronized void stop() {
        if (heartbeatTimer >= 0) vertx.cancelTimer(heartbeatTimer);
        if (subscriber != null) subscriber.stop();
        if (redis != null) redis.close();
    }

    /** Whether the subscription to the other instances' events is up (for readiness and tests). */
    public boolean subscribed() {
        return subscriber != null && subscriber.subscribed();
    }

    /** Nodes followed on this instance (each has a cursor). */
    public int followedNodes() {
        return cursors.size();
    }

    // ------------------------------------------------------------------ NodeBus

    @Override
    public Subscription subscribe(String nodeId, Consumer<NodeEvent> listener) {
        NodeCursor cursor = cursors.compute(nodeId, (id, c) -> {
            NodeCursor n = c == null ? new NodeCursor(config.dedupeWindow()) : c;
            n.listeners++;
            return n;
        });
        floorOf(nodeId, cursor); // read at once: the stream asks for it right after
        Subscription inner = local.subscribe(nodeId, listener);
        boolean[] cancelled = {false};
        return new Subscription() {
            @Override
            public void cancel() {
                synchronized (cancelled) {
                    if (cancelled[0]) return;
                    cancelled[0] = true;
                }
                inner.cancel();
                cursors.computeIfPresent(nodeId, (id, c) -> --c.listeners <= 0 ? null : c);
            }

            @Override
            public Uni<Void> ready() {
                return floorOf(nodeId, cursor);
            }
        };
    }

    @Override
    public void publish(NodeEvent event) {
        try {
            deliver(event);
            if (publisher != null) publisher.offer(event);
        } catch (RuntimeException e) { // the contract: a publish never throws into the committed use case
            LOG.errorf(e, "an event of node %s could not be put on the bus", event.node());
        }
    }

    // ------------------------------------------------------------------ receiving

    private void onMessage(String text) {
        BusMessage m;
        try {
            m = BusCodec.decode(text);
        } catch (IllegalArgumentException e) {
            LOG.warnf("an unreadable message on the Redis bus was ignored (%s)", e.getMessage());
            return;
        }
        if (m.sender().equals(self)) return; // delivered locally when published
        if (!m.heartbeat()) metrics.received.increment();
        recordLag(m);
        boolean gap = senders.missedBefore(m, System.currentTimeMillis(), config.heartbeat().toMillis() * 600);
        if (gap) {
            // the fill starts first: this message's events wait for it, so older filled items come before them
            LOG.debugf("messages of %s were lost before number %d: filling from PostgreSQL", m.sender(), m.number());
            resync();
        }
        for (NodeEvent e : m.events()) deliver(e);
    }

    private void recordLag(BusMessage m) {
        Instant now = Instant.now();
        for (NodeEvent e : m.events()) {
            if (e.kind() != NodeEvent.Kind.ITEMS || e.items().isEmpty()) continue;
            Duration lag = Duration.between(e.items().get(0).item().published(), now);
            metrics.lag.record(lag.isNegative() ? Duration.ZERO : lag);
        }
    }

    /** Hands an event to this instance's listeners of its node, once: held while the node is being filled. */
    private void deliver(NodeEvent event) {
        NodeCursor cursor = cursors.get(event.node());
        if (cursor == null) return; // nobody follows the node here
        synchronized (cursor) {
            if (cursor.filling()) {
                cursor.hold(event);
                return;
            }
            NodeEvent fresh = cursor.admit(event);
            if (fresh != null) local.publish(fresh);
        }
    }

    // ------------------------------------------------------------------ filling from PostgreSQL

    /**
     * After a loss (a skipped number, or a new subscription) every followed node may have missed anything: each
     * stream re-checks access (what else may have changed cannot be read back) and each node's items are filled.
     */
    private void resync() {
        metrics.gaps.increment();
        for (String node : List.copyOf(cursors.keySet())) {
            deliver(new NodeEvent(NodeEvent.Kind.ACCESS, node, List.of(), List.of(), null, null, null, false, List.of(), List.of()));
            fill(node);
        }
    }

    /**
     * Completes once the cursor knows the node's floor: the node's newest sequence number when it was first followed,
     * from when on the cursor deduplicates and fills. A stream waits for it before it goes live, so every item
     * committed after that has a larger number. One read at a time per cursor; a failed read (PostgreSQL away) is
     * not remembered, the next caller reads again.
     */
    private Uni<Void> floorOf(String nodeId, NodeCursor cursor) {
        Uni<Void> read;
        synchronized (cursor) {
            if (cursor.knowsFloor()) return Uni.createFrom().voidItem();
            if (cursor.floorRead != null) return cursor.floorRead;
            read = backlog.newestSeq(nodeId).onItemOrFailure().invoke((seq, failure) -> {
                synchronized (cursor) {
                    if (failure == null) cursor.settle(seq);
                    cursor.floorRead = null;
                }
            }).replaceWithVoid().memoize().indefinitely();
            cursor.floorRead = read;
        }
        read.subscribe().with(v -> { }, e -> LOG.warnf("the newest item of %s could not be read (%s)", nodeId, e.toString()));
        return read;
    }

    private void fill(String node) {
        NodeCursor cursor = cursors.get(node);
        if (cursor == null) return;
        synchronized (cursor) {
            if (!cursor.startFill()) return;
        }
        metrics.fills.increment();
        Uni<Void> floor = floorOf(node, cursor);
        floor.chain(() -> fillFrom(node, cursor)).subscribe().with(v -> endFill(node, cursor), e -> {
            LOG.warnf("filling node %s from PostgreSQL failed (%s): retried at the next loss", node, e.toString());
            endFill(node, cursor);
        });
    }

    private Uni<Void> fillFrom(String node, NodeCursor cursor) {
        long after;
        synchronized (cursor) {
            after = cursor.floor();
        }
        return backlog.itemsAfter(node, after, config.fillPage()).chain(page -> {
            if (page.items().isEmpty()) return Uni.createFrom().voidItem();
            long top = page.items().get(page.items().size() - 1).seq();
            synchronized (cursor) {
                NodeEvent read = new NodeEvent(NodeEvent.Kind.ITEMS, node, page.items(), List.of(), null, null, null,
                        page.showsPublisher(), List.of(), List.of());
                NodeEvent fresh = cursor.admit(read);
                LOG.debugf("filled %s after %d: read %d items, %d not heard over Redis", node, after, page.items().size(),
                        fresh == null ? 0 : fresh.items().size());
                if (fresh != null) {
                    metrics.filledItems.increment(fresh.items().size());
                    local.publish(fresh);
                }
                cursor.settle(top);
            }
            return page.items().size() < config.fillPage() ? Uni.createFrom().voidItem() : fillFrom(node, cursor);
        });
    }

    private void endFill(String node, NodeCursor cursor) {
        boolean again;
        synchronized (cursor) {
            for (NodeEvent e : cursor.endFill()) {
                NodeEvent fresh = cursor.admit(e);
                if (fresh != null) local.publish(fresh);
            }
            again = cursor.again();
        }
        if (again) fill(node);
    }
}
