package org.herald.service.event;

import java.util.List;
import org.herald.domain.Node;

/** The node was deleted (§8.4.2); {@code redirect} is the optional replacement node URI. */
public record NodeDeleted(Node node, String redirect, List<Delivery> recipients) implements PubSubEvent {
}
