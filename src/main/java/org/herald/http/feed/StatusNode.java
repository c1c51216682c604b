package org.herald.http.feed;

import java.time.Instant;
import java.util.List;

/**
 * A node as the status page shows it to anonymous visitors: only nodes they may read are ever made into one.
 *
 * @param subscribers the number of active subscriptions (§5.4 pubsub#num_subscribers, shown to readers)
 * @param items the newest items, newest first
 */
public record StatusNode(String id, String title, String description, boolean collection, int subscribers,
                         List<Item> items) {
    public StatusNode {
        items = List.copyOf(items);
    }

    /** @param geo the item carries a position (an XEP-0080 geoloc or GeoRSS point): the node gets a map link */
    public record Item(String id, String title, Instant published, boolean geo) {
        public Item(String id, String title, Instant published) {
            this(id, title, published, false);
        }
    }

    /** Some shown item carries a position: the live dashboard (/dashboard?node=) has something to draw. */
    public boolean hasPositions() {
        return items.stream().anyMatch(Item::geo);
    }
}
