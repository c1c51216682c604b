package org.herald.service.event;

import java.util.List;
import org.herald.domain.Item;
import org.herald.domain.Node;
import org.herald.domain.StoredItem;

/**
 * Items were published (§7.1.2). {@code withPayload} follows pubsub#deliver_payloads;
 * {@code dropped} lists item ids evicted by pubsub#max_items, to be told as retractions when notify_retract is on.
 * Each item comes with the sequence number it drew, which HTTP streams use as their resumable event id; an item of
 * a node that keeps no items (pubsub#persist_items false) was never stored and has sequence number 0.
 *
 * <p>{@code digest} marks a pubsub#digest delivery (§6.3.7): items published earlier, gathered for the one
 * subscriber in {@code recipients}. Front-ends that follow a node as a whole (HTTP streams, WebSub) have already
 * seen those items and must pass over a digest.
 */
public record ItemsPublished(Node node, List<StoredItem> stored, boolean withPayload, List<String> dropped,
                             List<Delivery> recipients, boolean digest) implements PubSubEvent {
    public ItemsPublished {
        stored = List.copyOf(stored);
        dropped = List.copyOf(dropped);
        recipients = List.copyOf(recipients);
    }

    /** A publish as it happens. */
    public ItemsPublished(Node node, List<StoredItem> stored, boolean withPayload, List<String> dropped,
                          List<Delivery> recipients) {
        this(node, stored, withPayload, dropped, recipients, false);
    }

    /** A digest of earlier items for one subscriber. */
    public static ItemsPublished digest(Node node, List<StoredItem> items, boolean withPayload, Delivery to) {
        return new ItemsPublished(node, items, withPayload, List.of(), List.of(to), true);
    }

    /** The items without their sequence numbers, as XMPP notifications tell them. */
    public List<Item> items() {
        return stored.stream().map(StoredItem::item).toList();
    }

    /** The same event told to other recipients (a roster check narrowed them). */
    public ItemsPublished to(List<Delivery> others) {
        return new ItemsPublished(node, stored, withPayload, dropped, others, digest);
    }
}
