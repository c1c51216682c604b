package org.herald.service.event;

import java.util.List;
import org.herald.domain.Node;

/** The node's configuration changed (§8.2.5.4 notify_config); {@code withConfig} follows pubsub#deliver_payloads. */
public record NodeConfigured(Node node, boolean withConfig, List<Delivery> recipients) implements PubSubEvent {
}
