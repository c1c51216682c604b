package org.herald.http.stream;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.StoredItem;
import org.herald.domain.geo.Crossing;
import org.herald.domain.geo.GeoArea;
import org.herald.domain.geo.GeoChange;
import org.herald.domain.geo.Position;
import org.herald.runtime.OwnContext;
import org.herald.service.geo.GeoQueries;
import org.herald.http.problem.HttpErrors;
import org.jboss.logging.Logger;

/**
 * One client following one node: opens with an access check, replays what it missed (items with a sequence number
 * above its Last-Event-ID, from PostgreSQL), then streams live, with no gap and no duplicate between the two.
 *
 * <p>The client listens to the bus BEFORE it reads its backlog, holding live events meanwhile; once the backlog is
 * written, held and later items are sent unless the backlog already had them (seq at most the highest replayed of
 * their leaf: on one node, sequence numbers are drawn under the node's lock, so they follow commit order).
 *
 * <p>All state is confined to the client's event loop context: bus events hop onto it. A client that cannot keep
 * up (more than {@code bufferSize} messages written but not taken by its socket, or held during its replay) is
 * closed rather than buffered without bound; it resumes with Last-Event-ID. Access is re-checked through the core
 * whenever a followed node's configuration, affiliations or (authorize nodes) subscriptions change.
 *
 * <p>An area-filtered stream (issue #7; the XEP-0060 §12 content filter of XMPP subscriptions, as query
 * parameters) starts with the latest position of each vehicle in its area instead of a backlog (the positions are
 * the state a resumed client needs), then streams only the items whose fixes {@link Crossing#of} tells it of, and
 * the stale vehicles in its area. Live items held while the snapshot is read are dropped when the snapshot already
 * showed their fix or a later one.
 */
final class StreamClient implements Consumer<NodeEvent> {
    private static final Logger LOG = Logger.getLogger(StreamClient.class);
    /** Backlog messages written before waiting for the socket to take them. */
    private static final int REPLAY_CHUNK = 32;

    private final Jid reader;
    private final String root;
    private final Long resumeAfter;
    private final Context context;
    private final Vertx vertx;
    private final NodeStreams hub;
    private final StreamAccess access;
    private final StreamConfig config;
    /** The stream's area, or null for every item. */
    private final GeoArea area;
    private final GeoQueries geo;
    /** Per leaf and vehicle, the seq of the fix the snapshot showed: live copies of it (or older) are duplicates. */
    private final Map<String, Map<String, Long>> shown = new HashMap<>();

    private StreamChannel channel;
    /** The transport as attached (the metrics' wrapper is {@link #channel}); null until {@link #start}. */
    private StreamChannel transport;
    private final StreamMetrics metrics;
    private StreamScope scope;
    private final Set<String> followed = new HashSet<>();
    private boolean live;
    private boolean closed;
    private final ArrayDeque<NodeEvent> held = new ArrayDeque<>();
    /** Per leaf, the highest sequence number the replay sent: live copies of those are duplicates. */
    private final Map<String, Long> replayed = new HashMap<>();
    /** Per leaf, whether its items name their publisher (pubsub#itemreply, XEP-0060 §7.1.2), as last read. */
    private final Map<String, Boolean> showsPublisher = new HashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    private boolean rechecking;
    private long timer = -1;

    StreamClient(Jid reader, String root, Long resumeAfter, Context context, Vertx vertx, NodeStreams hub,
                 StreamAccess access, StreamConfig config, GeoArea area, GeoQueries geo, StreamMetrics metrics) {
        this.metrics = metrics;
        this.area = area;
        this.geo = geo;
        this.reader = reader;
        this.root = root;
        this.resumeAfter = resumeAfter;
        this.context = context;
        this.vertx = vertx;
        this.hub = hub;
        this.access = access;
        this.config = config;
    }

    /** Called by the hub on the publishing thread: hop onto this client's context and return at once. */
    @Override
    public void accept(NodeEvent event) {
        context.runOnContext(v -> onEvent(event));
    }

    /**
     * Follows the node, then checks the reader may read it (so a change of access in between is heard, not missed).
     * Fails with the core's refusal, nothing written; a node at its client limit fails with resource-constraint.
     */
    Uni<Void> open() {
        if (!follow(root)) {
            return Uni.createFrom().failure(PubSubException.of(PubSubError.RESOURCE_CONSTRAINT,
                    "this node has as many live clients as this instance serves"));
        }
        // the bus first learns where the node stands, so that nothing committed after the stream is live is missed
        return onContext(hub.ready(Set.of(root)))
                .chain(() -> access.resolve(context, reader, root))
                .invoke(this::applyScope)
                .onFailure().invoke(e -> unfollowAll())
                .replaceWithVoid();
    }

    /** Starts writing to the transport: the backlog if a resume point was given, then live events. */
    void start(StreamChannel transport) {
        this.transport = transport;
        channel = metrics.attach(transport);
        transport.onClose(() -> context.runOnContext(v -> shutdown()));
        timer = vertx.setPeriodic(config.heartbeat().toMillis(), id -> context.runOnContext(v -> heartbeat()));
        if (area != null) {
            snapshot().subscribe().with(v -> goLive(), e -> {
                LOG.debugf(e, "the area snapshot for a stream of %s failed", root);
                end(e instanceof PubSubException p ? HttpErrors.of(p.error()).condition() : "internal-server-error");
            });
            return;
        }
        if (resumeAfter == null) {
            goLive();
            return;
        }
        replay().subscribe().with(v -> goLive(), e -> {
            LOG.debugf(e, "replay for a stream of %s failed", root);
            end(e instanceof PubSubException p ? HttpErrors.of(p.error()).condition() : "internal-server-error");
        });
    }

    /** Ends the stream from our side (also used when the server stops). */
    void close() {
        context.runOnContext(v -> shutdownAndClose());
    }

    // ------------------------------------------------------------------ replay

    private Uni<Void> replay() {
        List<String> leaves = new ArrayList<>(scope.leaves());
        List<StoredItem> missed = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String leaf : leaves) {
            Uni<StreamAccess.Backlog> backlog = access.backlog(context, reader, leaf, resumeAfter);
            if (!leaf.equals(root)) { // a leaf of a collection closed or gone since: the re-check drops it
                backlog = backlog.onFailure(PubSubException.class).recoverWithItem(new StreamAccess.Backlog(List.of(), false));
            }
            Uni<StreamAccess.Backlog> read = backlog;
            chain = chain.chain(() -> read.invoke(b -> {
                List<StoredItem> items = b.items();
                showsPublisher.put(leaf, b.showsPublisher());
                missed.addAll(items);
                long top = items.isEmpty() ? resumeAfter : items.get(items.size() - 1).seq();
                replayed.put(leaf, top);
            }).replaceWithVoid());
        }
        return chain.chain(() -> {
            missed.sort(Comparator.comparingLong(StoredItem::seq)); // a collection's leaves interleave
            return writeInChunks(missed, 0);
        });
    }

    private Uni<Void> writeInChunks(List<StoredItem> items, int from) {
        return writeMessages(items.stream()
                .map(item -> StreamMessage.item(item, showsPublisher.getOrDefault(item.item().node(), false))).toList(), from);
    }

    /** The latest position of every vehicle in the area, leaf by leaf, read as the reader (XEP-0060 §6.5). */
    private Uni<Void> snapshot() {
        List<StreamMessage> messages = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String leaf : new ArrayList<>(scope.leaves())) {
            Uni<List<StreamMessage>> read = OwnContext.call(context, () -> geo.snapshot(reader, leaf, area, null)).map(s -> {
                boolean shows = s.node().config().showsPublisher();
                showsPublisher.put(leaf, shows);
                Map<String, Long> seen = shown.computeIfAbsent(leaf, k -> new HashMap<>());
                List<StreamMessage> out = new ArrayList<>();
                for (Position p : s.positions()) {
                    seen.put(p.key(), p.seq());
                    out.add(StreamMessage.position(leaf, p, shows));
                }
                return out;
            });
            if (!leaf.equals(root)) { // a leaf of a collection closed or gone since: the re-check drops it
                read = read.onFailure(PubSubException.class).recoverWithItem(List.of());
            }
            Uni<List<StreamMessage>> leafRead = read;
            chain = chain.chain(() -> leafRead.invoke(messages::addAll).replaceWithVoid());
        }
        return chain.chain(() -> writeMessages(messages, 0));
    }

    private Uni<Void> writeMessages(List<StreamMessage> messages, int from) {
        if (closed || from >= messages.size()) return Uni.createFrom().voidItem();
        int to = Math.min(messages.size(), from + REPLAY_CHUNK);
        Future<Void> last = null;
        for (int i = from; i < to; i++) last = channel.send(messages.get(i));
        Future<Void> chunk = last;
        return Uni.createFrom().completionStage(chunk.toCompletionStage())
                .emitOn(task -> context.runOnContext(v -> task.run()))
                .chain(() -> writeMessages(messages, to));
    }

    private void goLive() {
        if (closed) return;
        live = true;
        channel.live();
        release();
    }

    /** Delivers held events in order, until one starts a re-check (the rest then wait for its answer). */
    private void release() {
        while (!held.isEmpty() && !closed && !rechecking) deliver(held.poll());
    }

    // ------------------------------------------------------------------ live events

    /**
     * Events wait while the backlog replays and while a re-check of access is under way: an item published after
     * the node closed to this reader must not slip out before the check says so.
     */
    private void onEvent(NodeEvent event) {
        if (closed) return;
        if (!live || rechecking) {
            held.add(event);
            if (held.size() > config.bufferSize()) overflow();
            return;
        }
        deliver(event);
    }

    private void deliver(NodeEvent e) {
        if (closed || !followed.contains(e.node())) return;
        boolean leaf = scope.leaves().contains(e.node());
        switch (e.kind()) {
            case ITEMS -> {
                if (!leaf) return;
                if (area != null) {
                    deliverInArea(e);
                    return;
                }
                long seen = replayed.getOrDefault(e.node(), -1L);
                for (StoredItem item : e.items()) {
                    if (item.seq() > 0 && item.seq() <= seen) continue; // the replay sent it already
                    send(RenderedItems.of(item, e.showsPublisher()));
                }
            }
            case STALE -> {
                if (!leaf) return;
                for (Position p : e.stale()) {
                    if (area == null || area.contains(p)) send(StreamMessage.stale(e.node(), p));
                }
            }
            case RETRACT -> {
                if (leaf) send(StreamMessage.retract(e.node(), e.itemIds()));
            }
            case PURGE -> {
                if (leaf) send(StreamMessage.purge(e.node()));
            }
            case DELETE -> {
                send(StreamMessage.delete(e.node(), e.redirect()));
                if (e.node().equals(root)) shutdownAndClose();
                else recheck(); // a node below a collection went: follow what remains
            }
            case ACCESS -> {
                if (e.jid() == null || e.jid().equals(reader.bare())) recheck();
            }
            case GRAPH -> {
                // follow a node joining the collection at once: its items wait (held) for the check to admit them
                if (e.joined() != null && !followed.contains(e.joined())) follow(e.joined());
                recheck();
            }
        }
    }

    /** Items whose fixes concern the area (entering, inside, leaving), each with its crossing. */
    private void deliverInArea(NodeEvent e) {
        Map<String, Long> seen = shown.getOrDefault(e.node(), Map.of());
        for (StoredItem item : e.items()) {
            GeoChange change = e.geoOf(item.item().id());
            if (change == null) continue; // no position: nothing an area filter can place
            Crossing crossing = Crossing.of(area, change);
            if (!crossing.told()) continue;
            Long snap = seen.get(change.key());
            if (snap != null && item.seq() > 0 && item.seq() <= snap) continue; // the snapshot showed it already
            send(StreamMessage.item(item, e.showsPublisher(), change, crossing));
        }
    }

    /**
     * Asks the core again whether (and what) the reader may stream. Events wait meanwhile; a change heard while a
     * check runs is held too and, released after it, starts the next check.
     */
    private void recheck() {
        if (rechecking) return;
        rechecking = true;
        onContext(hub.ready(Set.copyOf(followed))).chain(() -> access.resolve(context, reader, root)).subscribe().with(s -> {
            rechecking = false;
            if (closed) return;
            applyScope(s);
            release();
        }, e -> {
            rechecking = false;
            // access revoked (or the node is gone): the stream ends, and reconnecting is refused as REST would be
            end(e instanceof PubSubException p ? HttpErrors.of(p.error()).condition() : "internal-server-error");
        });
    }

    /** The outcome of work done elsewhere, back on this client's context where its state lives. */
    private <T> Uni<T> onContext(Uni<T> work) {
        return work.emitOn(task -> context.runOnContext(v -> task.run()));
    }

    private void applyScope(StreamScope next) {
        scope = next;
        Set<String> wanted = next.nodes();
        for (String n : Set.copyOf(followed)) {
            if (!wanted.contains(n)) {
                hub.unfollow(n, this);
                followed.remove(n);
            }
        }
        // beyond the per-node limit a collection's stream follows what it can (the root is always followed)
        for (String n : wanted) if (!followed.contains(n)) follow(n);
    }

    private boolean follow(String node) {
        if (!hub.follow(node, this)) return false;
        followed.add(node);
        return true;
    }

    // ------------------------------------------------------------------ writing

    private void send(StreamMessage message) {
        if (admit()) channel.send(message).onComplete(ar -> inFlight.decrementAndGet());
    }

    private void heartbeat() {
        if (live && admit()) channel.heartbeat().onComplete(ar -> inFlight.decrementAndGet());
    }

    /** Whether one more message fits in the client's buffer; when it does not, the client is closed. */
    private boolean admit() {
        if (closed) return false;
        if (inFlight.incrementAndGet() > config.bufferSize()) {
            overflow();
            return false;
        }
        return true;
    }

    private void overflow() {
        LOG.debugf("a client of %s fell more than %d messages behind: closed (it resumes with Last-Event-ID)",
                root, config.bufferSize());
        shutdownAndClose();
    }

    /** Tells the client why, then ends the stream. */
    private void end(String reason) {
        if (closed) return;
        if (channel != null) channel.send(StreamMessage.closed(reason));
        shutdownAndClose();
    }

    private void shutdownAndClose() {
        if (closed) return;
        shutdown();
        if (channel != null) channel.close();
    }

    private void shutdown() {
        // shutdown runs more than once (our close, then the transport's close callback): count the client out once
        if (transport != null) {
            metrics.gone(transport);
            transport = null;
        }
        closed = true;
        if (timer >= 0) vertx.cancelTimer(timer);
        held.clear();
        unfollowAll();
    }

    private void unfollowAll() {
        for (String n : followed) hub.unfollow(n, this);
        followed.clear();
    }
}
