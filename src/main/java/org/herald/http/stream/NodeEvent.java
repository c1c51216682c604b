package org.herald.http.stream;

import java.util.List;
import org.herald.domain.Jid;
import org.herald.domain.StoredItem;
import org.herald.domain.geo.GeoChange;
import org.herald.domain.geo.Position;

/**
 * What a node's live streams need to hear of one committed change, as the {@link NodeBus} carries it: plain data,
 * so a bus between instances can serialise it. Who may see it is decided per client, never here.
 *
 * @param kind what happened
 * @param node the node it happened to (for items: the leaf they were published to)
 * @param items the published items with their sequence numbers ({@link Kind#ITEMS})
 * @param itemIds the retracted ItemIDs ({@link Kind#RETRACT})
 * @param jid whose standing changed ({@link Kind#ACCESS} after an affiliation or subscription change), or null when
 *            the change may concern anyone (a new configuration)
 * @param redirect the replacement node's URI of a deletion (§8.4.1), or null
 * @param joined the node that joined the collection ({@link Kind#GRAPH} of an association), or null
 * @param showsPublisher whether the node's pubsub#itemreply lets readers see who published ({@link Kind#ITEMS};
 *            XEP-0060 §7.1.2)
 * @param geo what each item with a valid geoloc did to the node's position index ({@link Kind#ITEMS}), which
 *            area-filtered streams judge with {@link org.herald.domain.geo.Crossing#of}
 * @param stale the vehicles that went stale ({@link Kind#STALE})
 */
public record NodeEvent(Kind kind, String node, List<StoredItem> items, List<String> itemIds, Jid jid, String redirect,
                        String joined, boolean showsPublisher, List<GeoChange> geo, List<Position> stale) {

    public enum Kind {
        /** Items were published (XEP-0060 §7.1.2). */
        ITEMS,
        /** Items were retracted or expired (§7.2.2, §17.4.4). */
        RETRACT,
        /** Every item was purged (§8.5.2). */
        PURGE,
        /** The node was deleted (§8.4.2); its streams end. */
        DELETE,
        /** Who may read the node may have changed (configuration, affiliation, subscription): readers are re-checked. */
        ACCESS,
        /** A collection gained or lost a child (XEP-0248): collection streams re-resolve what they follow. */
        GRAPH,
        /** Vehicles fell silent for longer than the node's herald#stale_after (issue #7). */
        STALE
    }

    public NodeEvent {
        items = List.copyOf(items);
        itemIds = List.copyOf(itemIds);
        geo = List.copyOf(geo);
        stale = List.copyOf(stale);
    }

    NodeEvent(Kind kind, String node, List<StoredItem> items, List<String> itemIds, Jid jid, String redirect,
              String joined, boolean showsPublisher) {
        this(kind, node, items, itemIds, jid, redirect, joined, showsPublisher, List.of(), List.of());
    }

    /** What the item with this id did to the position index, or null. */
    GeoChange geoOf(String itemId) {
        for (GeoChange g : geo) {
            if (g.itemId().equals(itemId)) return g;
        }
        return null;
    }

    /** Vehicles of the node that went stale. */
    static NodeEvent stale(String node, List<Position> positions) {
        return new NodeEvent(Kind.STALE, node, List.of(), List.of(), null, null, null, false, List.of(), positions);
    }

    static NodeEvent of(Kind kind, String node) {
        return new NodeEvent(kind, node, List.of(), List.of(), null, null, null, false);
    }
}
