package org.herald.service.event;

import java.util.List;
import org.herald.domain.Node;

/** Items were deleted from the node (§7.2.2). */
public record ItemsRetracted(Node node, List<String> itemIds, List<Delivery> recipients) implements PubSubEvent {
}
