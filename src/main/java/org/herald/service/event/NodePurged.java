package org.herald.service.event;

import java.util.List;
import org.herald.domain.Node;

/** All items were purged (§8.5.2). */
public record NodePurged(Node node, List<Delivery> recipients) implements PubSubEvent {
}
