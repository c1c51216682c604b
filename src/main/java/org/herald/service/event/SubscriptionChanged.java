package org.herald.service.event;

import java.util.List;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.SubscriptionState;

/**
 * A subscription changed state (§13.14 [impl-subchange]): approved or denied (§8.6), set by an owner (§8.8.4),
 * created or ended (owners told when pubsub#notify_sub is on). {@link SubscriptionState#NONE} means it is gone.
 *
 * @param jid the subscription's JID, exactly as subscribed (bare or full)
 * @param subId its SubID
 */
public record SubscriptionChanged(Node node, Jid jid, String subId, SubscriptionState state,
                                  List<Delivery> recipients) implements PubSubEvent {
}
