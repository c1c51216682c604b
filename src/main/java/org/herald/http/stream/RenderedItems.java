package org.herald.http.stream;

import org.herald.domain.StoredItem;

/**
 * The item messages last rendered on this thread, so that one published item is serialised to JSON once per event
 * loop rather than once per client: a node's streams all receive the same {@link NodeEvent} (the same
 * {@link StoredItem} objects) and the message depends only on the item and the node's publisher visibility. Measured
 * with 10,000 SSE clients on one node, rendering per client was most of the delivery work (bench/README.md, "SSE
 * fan-out profile"). Keyed by identity, a few entries per thread, no locking: event loops never share one.
 */
final class RenderedItems {
    private static final int SIZE = 8;
    private static final ThreadLocal<RenderedItems> RECENT = ThreadLocal.withInitial(RenderedItems::new);

    private final StoredItem[] items = new StoredItem[SIZE];
    private final boolean[] shows = new boolean[SIZE];
    private final StreamMessage[] messages = new StreamMessage[SIZE];
    private int next;

    private RenderedItems() {
    }

    /** The message of {@code item} as {@link StreamMessage#item(StoredItem, boolean)} renders it, reused when fresh. */
    static StreamMessage of(StoredItem item, boolean showsPublisher) {
        return RECENT.get().render(item, showsPublisher);
    }

    private StreamMessage render(StoredItem item, boolean showsPublisher) {
        for (int i = 0; i < SIZE; i++) {
            if (items[i] == item && shows[i] == showsPublisher) return messages[i];
        }
        StreamMessage m = StreamMessage.item(item, showsPublisher);
        items[next] = item;
        shows[next] = showsPublisher;
        messages[next] = m;
        next = (next + 1) % SIZE;
        return m;
    }
}
