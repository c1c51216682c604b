package org.herald.service.event;

import java.util.List;
import org.herald.domain.Node;
import org.herald.domain.Subscription;

/**
 * A subscription's lease (pubsub#expire) ended and the subscription was removed (§13.19). The subscriber is told
 * with a {@code <subscription subscription='none'/>} carrying the 'expiry' (§13.14, §13.19).
 */
public record LeaseExpired(Node node, Subscription subscription, List<Delivery> recipients) implements PubSubEvent {
}
