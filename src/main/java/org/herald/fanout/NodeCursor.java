package org.herald.fanout;

import io.smallrye.mutiny.Uni;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.herald.domain.StoredItem;
import org.herald.http.stream.NodeEvent;

/**
 * What this instance has delivered of one node it follows, so that an item reaches the node's local listeners once
 * however it arrives: published here, over Redis, late over Redis after a gap fill, or from PostgreSQL in a fill.
 *
 * <p>Items carry their sequence number. On one node sequence numbers are drawn under the node's lock, so they
 * follow commit order: once a read of PostgreSQL returned the node's items up to {@code m}, no item of the node
 * with a smaller number can commit later. So the cursor keeps a {@code floor} (every item at or below it is settled:
 * delivered, or committed before the node was followed) and the numbers above it that were delivered. A fill
 * reads from the floor and then raises it. Items of nodes that keep none carry 0: they are not deduplicated (they
 * only ever come once, from their one publisher) and cannot be filled.
 *
 * <p>While a fill runs, the node's events are held and released after it, in order, so that a fill never delivers
 * older items after newer live ones. Not thread-safe: {@link RedisNodeBus} locks the cursor.
 */
final class NodeCursor {
    /** -1 until the node's newest sequence number at follow time is known. */
    private long floor = -1;
    private final TreeSet<Long> delivered = new TreeSet<>();
    private final int window;
    private final ArrayDeque<NodeEvent> held = new ArrayDeque<>();
    private boolean filling;
    private boolean fillAgain;
    int listeners;
    /** The read of the floor under way, if any (kept here so that concurrent callers share it). */
    Uni<Void> floorRead;

    NodeCursor(int window) {
        this.window = window;
    }

    long floor() {
        return floor;
    }

    boolean knowsFloor() {
        return floor >= 0;
    }

    /**
     * The event as it should reach the listeners: an ITEMS event keeps only the items not delivered yet (and they
     * are recorded), or is null when none is left; other kinds pass unchanged.
     */
    NodeEvent admit(NodeEvent e) {
        if (e.kind() != NodeEvent.Kind.ITEMS) return e;
        List<StoredItem> fresh = new ArrayList<>(e.items().size());
        for (StoredItem item : e.items()) {
            long seq = item.seq();
            if (seq <= 0) {
                fresh.add(item);
            } else if (seq > floor && delivered.add(seq)) {
                fresh.add(item);
            }
        }
        // bounded memory: beyond the window the oldest remembered number becomes the floor, so only a copy arriving
        // more than `window` items late could be mistaken for a duplicate
        while (delivered.size() > window) floor = Math.max(floor, delivered.pollFirst());
        if (fresh.isEmpty()) return null;
        if (fresh.size() == e.items().size()) return e;
        return new NodeEvent(e.kind(), e.node(), fresh, e.itemIds(), e.jid(), e.redirect(), e.joined(),
                e.showsPublisher(), e.geo(), e.stale());
    }

    /** Everything up to {@code seq} is settled: delivered, or read from PostgreSQL and delivered. */
    void settle(long seq) {
        if (seq <= floor) return;
        floor = seq;
        delivered.headSet(seq, true).clear();
    }

    /** Starts a fill; false (and the fill is queued to run again afterwards) when one already runs. */
    boolean startFill() {
        if (filling) {
            fillAgain = true;
            return false;
        }
        filling = true;
        return true;
    }

    boolean filling() {
        return filling;
    }

    void hold(NodeEvent e) {
        held.add(e);
    }

    /** Ends a fill: the held events, to be admitted in order; {@link #again()} says whether to fill once more. */
    List<NodeEvent> endFill() {
        filling = false;
        List<NodeEvent> out = new ArrayList<>(held);
        held.clear();
        return out;
    }

    boolean again() {
        boolean a = fillAgain;
        fillAgain = false;
        return a;
    }
}
