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

    private StreamChannel channel;
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
                 StreamAccess access, StreamConfig config) {
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
        return access.resolve(context, reader, root)
                .invoke(this::applyScope)
                .onFailure().invoke(e -> unfollowAll())
                .replaceWithVoid();
    }

    /** Starts writing to the transport: the backlog if a resume point was given, then live events. */
    void start(StreamChannel transport) {
        channel = transport;
        transport.onClose(() -> context.runOnContext(v -> shutdown()));
        timer = vertx.setPeriodic(config.heartbeat().toMillis(), id -> context.runOnContext(v -> heartbeat()));
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
        if (closed || from >= items.size()) return Uni.createFrom().voidItem();
        int to = Math.min(items.size(), from + REPLAY_CHUNK);
        Future<Void> last = null;
        for (int i = from; i < to; i++) {
            StoredItem item = items.get(i);
            last = channel.send(StreamMessage.item(item, showsPublisher.getOrDefault(item.item().node(), false)));
        }
        Future<Void> chunk = last;
        return Uni.createFrom().completionStage(chunk.toCompletionStage())
                .emitOn(task -> context.runOnContext(v -> task.run()))
                .chain(() -> writeInChunks(items, to));
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
                long seen = replayed.getOrDefault(e.node(), -1L);
                for (StoredItem item : e.items()) {
                    if (item.seq() > 0 && item.seq() <= seen) continue; // the replay sent it already
                    send(StreamMessage.item(item, e.showsPublisher()));
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

    /**
     * Asks the core again whether (and what) the reader may stream. Events wait meanwhile; a change heard while a
     * check runs is held too and, released after it, starts the next check.
     */
    private void recheck() {
        if (rechecking) return;
        rechecking = true;
        access.resolve(context, reader, root).subscribe().with(s -> {
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
