package org.herald.cache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.herald.domain.Item;
import org.herald.domain.StoredItem;
import org.herald.service.port.ItemRange;

/**
 * A node's newest items (newest first, at most the configured number) and how many items it holds in all: enough to
 * answer the common item reads (a first page, a feed, max_items) exactly as PostgreSQL would. Every answer is
 * empty when the cached part cannot decide it (it might involve items older than the cached ones); the caller then
 * asks PostgreSQL.
 *
 * <p>Items not cached all have a lower seq than the oldest cached one, as the cached ones are the newest by seq.
 */
record LastItems(long count, List<StoredItem> newest) {
    LastItems {
        newest = List.copyOf(newest);
    }

    /** Whether the node has no items beyond the cached ones. */
    boolean complete() {
        return newest.size() >= count;
    }

    /** The lowest cached seq; uncached items all lie below it. */
    private long oldestSeq() {
        return newest.isEmpty() ? Long.MAX_VALUE : newest.get(newest.size() - 1).seq();
    }

    /** StoreTx#items: the newest {@code max}. */
    Optional<List<Item>> items(int max) {
        if (max > newest.size() && !complete()) return Optional.empty();
        return Optional.of(newest.subList(0, Math.min(max, newest.size())).stream().map(StoredItem::item).toList());
    }

    /** StoreTx#itemIds: the ids of the newest {@code max}. */
    Optional<List<String>> itemIds(int max) {
        return items(max).map(items -> items.stream().map(Item::id).toList());
    }

    /** StoreTx#itemSeq: the item's seq, empty inside when the node does not hold it. */
    Optional<Optional<Long>> seq(String itemId) {
        for (StoredItem s : newest) if (s.item().id().equals(itemId)) return Optional.of(Optional.of(s.seq()));
        return complete() ? Optional.of(Optional.empty()) : Optional.empty();
    }

    /** Ranges bounded only by seq (and limit/offset) can be answered; time and publisher filters go to PostgreSQL. */
    private static boolean bySeqOnly(ItemRange r) {
        return r.notBefore() == null && r.notAfter() == null && r.publisher() == null;
    }

    /** True when no uncached item can fall inside the range's seq bounds. */
    private boolean excludesUncached(ItemRange r) {
        return complete() || r.seqAbove() != null && r.seqAbove() >= oldestSeq() - 1;
    }

    private List<StoredItem> matching(ItemRange r) {
        List<StoredItem> out = new ArrayList<>();
        for (StoredItem s : newest) {
            if (r.seqAbove() != null && s.seq() <= r.seqAbove()) continue;
            if (r.seqBelow() != null && s.seq() >= r.seqBelow()) continue;
            out.add(s);
        }
        return out;
    }

    /** StoreTx#countItems. */
    Optional<Long> count(ItemRange r) {
        if (!bySeqOnly(r)) return Optional.empty();
        long cached = matching(r).size();
        if (excludesUncached(r)) return Optional.of(cached);
        // every uncached item matches when there is no lower bound and the upper bound is above all of them
        if (r.seqAbove() == null && (r.seqBelow() == null || r.seqBelow() >= oldestSeq())) {
            return Optional.of(cached + (count - newest.size()));
        }
        return Optional.empty();
    }

    /** StoreTx#itemRange. */
    Optional<List<StoredItem>> range(ItemRange r) {
        if (!bySeqOnly(r)) return Optional.empty();
        List<StoredItem> hits = matching(r); // newest first
        long wanted = (long) r.offset() + r.limit();
        if (r.ascending()) {
            if (!excludesUncached(r)) return Optional.empty();
            Collections.reverse(hits);
        } else if (!excludesUncached(r) && hits.size() < wanted) {
            return Optional.empty(); // the page would reach into items older than the cached ones
        }
        int from = Math.min(r.offset(), hits.size());
        int to = (int) Math.min(hits.size(), wanted);
        return Optional.of(List.copyOf(hits.subList(from, to)));
    }
}
