package org.herald.service.event;

import java.util.List;
import org.herald.domain.Item;
import org.herald.domain.Node;

/**
 * Items were published (§7.1.2). {@code withPayload} follows pubsub#deliver_payloads;
 * {@code dropped} lists item ids evicted by pubsub#max_items, to be told as retractions when notify_retract is on.
 */
public record ItemsPublished(Node node, List<Item> items, boolean withPayload, List<String> dropped,
                             List<Delivery> recipients) implements PubSubEvent {
}
