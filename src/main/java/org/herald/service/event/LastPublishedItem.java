package org.herald.service.event;

import java.util.List;
import org.herald.domain.Item;
import org.herald.domain.Node;

/**
 * The node's newest item, sent again to one subscriber rather than newly published: after a subscription
 * (send_last_published_item on_sub, §6.1.7) or when the subscriber becomes available (on_sub_and_presence).
 * Front-ends mark it as delayed delivery (XEP-0203) stamped with the item's publication time.
 */
public record LastPublishedItem(Node node, Item item, boolean withPayload, List<Delivery> recipients)
        implements PubSubEvent {
    public LastPublishedItem {
        recipients = List.copyOf(recipients);
    }
}
