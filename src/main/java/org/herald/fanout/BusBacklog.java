package org.herald.fanout;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.herald.domain.StoredItem;
import org.herald.runtime.OwnContext;
import org.herald.service.port.ItemRange;
import org.herald.service.port.PubSubStore;

/**
 * What the bus reads of PostgreSQL, the truth, to fill what Redis lost. It reads as the service itself, below any
 * reader's access check: the bus carries every event of a node to its local listeners, and each stream decides
 * what its reader may see (as it does for events that came over Redis).
 */
@ApplicationScoped
class BusBacklog {
    private final PubSubStore store;
    private final Vertx vertx;

    BusBacklog(PubSubStore store, Vertx vertx) {
        this.store = store;
        this.vertx = vertx;
    }

    /** A page of items after {@code afterSeq}, oldest first, and whether the node names publishers (§7.1.2). */
    record Page(List<StoredItem> items, boolean showsPublisher, boolean nodeExists) {
    }

    /** The node's newest sequence number now (0 when it holds no item or does not exist). */
    Uni<Long> newestSeq(String nodeId) {
        ItemRange newest = new ItemRange(null, null, null, null, null, false, 1, 0);
        return OwnContext.call(vertx, () -> store.inTransaction(tx -> tx.itemRange(nodeId, newest)))
                .map(items -> items.isEmpty() ? 0L : items.get(0).seq());
    }

    Uni<Page> itemsAfter(String nodeId, long afterSeq, int max) {
        return OwnContext.call(vertx, () -> store.inTransaction(tx -> tx.findNode(nodeId).chain(node -> {
            if (node.isEmpty()) return Uni.createFrom().item(new Page(List.of(), false, false));
            boolean shows = node.get().config().showsPublisher();
            return tx.itemsAfter(nodeId, afterSeq, max).map(items -> new Page(items, shows, true));
        })));
    }
}
