package org.herald.service.event;

import java.util.List;
import org.herald.domain.Node;
import org.herald.domain.Subscription;

/**
 * A subscription awaits an owner's approval (§6.1.4, §8.6): each recipient, an owner, is asked with a
 * pubsub#subscribe_authorization form. Also sent again on request (§8.7).
 */
public record AuthorizationRequested(Node node, Subscription pending, List<Delivery> recipients)
        implements PubSubEvent {
}
