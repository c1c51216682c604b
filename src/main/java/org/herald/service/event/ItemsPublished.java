package org.herald.service.event;

import java.util.List;
import org.herald.domain.Item;
import org.herald.domain.Node;
import org.herald.domain.StoredItem;
import org.herald.domain.geo.GeoChange;

/**
 * Items were published (§7.1.2). {@code withPayload} follows pubsub#deliver_payloads;
 * {@code dropped} lists item ids evicted by pubsub#max_items, to be told as retractions when notify_retract is on.
 * Each item comes with the sequence number it drew, which HTTP streams use as their resumable event id; an item of
 * a node that keeps no items (pubsub#persist_items false) was never stored and has sequence number 0.
 *
 * <p>{@code digest} marks a pubsub#digest delivery (§6.3.7): items published earlier, gathered for the one
 * subscriber in {@code recipients}. Front-ends that follow a node as a whole (HTTP streams, WebSub) have already
 * seen those items and must pass over a digest.
 *
 * <p>{@code geo} tells, for each stored item that carried a valid XEP-0080 geoloc, what it did to the node's
 * latest-position index: front-ends with area filters of their own (HTTP streams) decide with
 * {@link org.herald.domain.geo.Crossing#of}, as the core did for XMPP recipients. Empty when no item had one.
 *
 * <p>{@code flagged} lists the ids of items stored with a geoloc that failed validation, on a node that keeps such
 * items (herald#geo_invalid = flag): not indexed, and told to subscribers without an area filter only.
 */
public record ItemsPublished(Node node, List<StoredItem> stored, boolean withPayload, List<String> dropped,
                             List<Delivery> recipients, boolean digest, List<GeoChange> geo, List<String> flagged)
        implements PubSubEvent {
    public ItemsPublished {
        stored = List.copyOf(stored);
        dropped = List.copyOf(dropped);
        recipients = List.copyOf(recipients);
        geo = List.copyOf(geo);
        flagged = List.copyOf(flagged);
    }

    /** No item was stored flagged. */
    public ItemsPublished(Node node, List<StoredItem> stored, boolean withPayload, List<String> dropped,
                          List<Delivery> recipients, boolean digest, List<GeoChange> geo) {
        this(node, stored, withPayload, dropped, recipients, digest, geo, List.of());
    }

    public ItemsPublished(Node node, List<StoredItem> stored, boolean withPayload, List<String> dropped,
                          List<Delivery> recipients, boolean digest) {
        this(node, stored, withPayload, dropped, recipients, digest, List.of());
    }

    /** A publish as it happens. */
    public ItemsPublished(Node node, List<StoredItem> stored, boolean withPayload, List<String> dropped,
                          List<Delivery> recipients) {
        this(node, stored, withPayload, dropped, recipients, false);
    }

    /** What the item with this id did to the position index, or null when it carried no valid position. */
    public GeoChange geoOf(String itemId) {
        for (GeoChange g : geo) {
            if (g.itemId().equals(itemId)) return g;
        }
        return null;
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
        return new ItemsPublished(node, stored, withPayload, dropped, others, digest, geo, flagged);
    }
}
