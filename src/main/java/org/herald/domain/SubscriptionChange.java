package org.herald.domain;

import java.util.Objects;

/**
 * One entry of an owner's subscription delta (XEP-0060 §8.8.2): the JID, the SubID when it names one of several
 * subscriptions, and the wanted state. Also how a refused entry is reported back: with the state it still has
 * (§8.8.2.4).
 *
 * @param subId the SubID, or null when the JID's only subscription is meant
 * @param state the state wanted, or (in a refusal) kept; null when the request left 'subscription' out, which
 *              changes nothing (§8.8.2.1)
 */
public record SubscriptionChange(Jid jid, String subId, SubscriptionState state) {
    public SubscriptionChange {
        Objects.requireNonNull(jid);
    }
}
