package org.herald.service;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.StoredItem;
import org.herald.service.port.ItemRange;
import org.herald.service.port.StoreTx;

/**
 * XEP-0059 paging over one node's items, by keyset on the publication sequence number: a page after (or before)
 * a UID is the items just beyond (or short of) that item's seq, so pages never skip or repeat an item however
 * the node changes between requests (§2.2), and no page costs an OFFSET scan unless it is asked for by index.
 *
 * <p>The result set's order is newest first for XEP-0060 item retrieval (§6.5.7: "most recent") and oldest first
 * (chronological) for XEP-0313 archives; "after" always means further along that order.
 */
final class ItemPaging {
    private ItemPaging() {
    }

    /**
     * @param from only items published at or after this instant, or null
     * @param to only items published at or before this instant, or null
     * @param publisher only items of this publisher (bare: any of its resources), or null
     * @param chronological the result set's order: oldest first when true, newest first otherwise
     * @param max the page size the service settled on
     * @param seqOf resolves a UID of {@code page} to its item's seq, failing with item-not-found (§2.5) if unknown
     */
    static Uni<ItemPage> page(StoreTx tx, Node node, Instant from, Instant to, Jid publisher, boolean chronological,
                              PageRequest page, int max, Function<String, Uni<Long>> seqOf) {
        String nodeId = node.id();
        ItemRange all = new ItemRange(from, to, null, null, publisher, chronological, 0, 0);
        String cursor = page.after() != null ? page.after() : page.before();
        Uni<Long> cursorSeq = cursor == null || cursor.isEmpty() ? Uni.createFrom().nullItem() : seqOf.apply(cursor);
        return cursorSeq.chain(seq -> tx.countItems(nodeId, all).chain(count -> {
            if (max == 0) { // §2.6: the count alone
                return Uni.createFrom().item(new ItemPage(node, List.of(), null, count, count == 0));
            }
            boolean backwards = page.backwards();
            // Beyond a seq in result order is a higher seq when chronological, a lower one when newest first.
            Long above = null;
            Long below = null;
            if (seq != null) {
                boolean higher = chronological != backwards;
                if (higher) above = seq;
                else below = seq;
            }
            int offset = page.index() == null ? 0 : page.index();
            // One row more than the page tells whether another page follows, without a second query.
            ItemRange range = new ItemRange(from, to, above, below, publisher, chronological != backwards, max + 1, offset);
            return tx.itemRange(nodeId, range).chain(rows -> {
                boolean more = rows.size() > max;
                List<StoredItem> items = new ArrayList<>(more ? rows.subList(0, max) : rows);
                if (backwards) Collections.reverse(items); // fetched walking back from the cursor or the end
                return firstIndex(tx, nodeId, all, chronological, page, items)
                        .map(index -> new ItemPage(node, items, index, count, !more));
            });
        }));
    }

    /** §2.1: the position of the page's first item in the full set, counted as the items before it in result order. */
    private static Uni<Integer> firstIndex(StoreTx tx, String nodeId, ItemRange all, boolean chronological,
                                           PageRequest page, List<StoredItem> items) {
        if (items.isEmpty()) return Uni.createFrom().nullItem();
        if (page.index() != null) return Uni.createFrom().item(page.index()); // §2.5: echo the index asked for
        if (page.after() == null && page.before() == null) return Uni.createFrom().item(0);
        long first = items.get(0).seq();
        ItemRange before = chronological ? all.withSeqBounds(null, first) : all.withSeqBounds(first, null);
        return tx.countItems(nodeId, before).map(Long::intValue);
    }
}
