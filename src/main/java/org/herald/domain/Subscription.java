package org.herald.domain;

import java.time.Instant;
import java.util.Objects;

/** One subscription of a (bare or full) JID to a node, told apart from others of the same JID by its SubID (§6.1.6). */
public record Subscription(String node, Jid jid, String subId, SubscriptionState state, Instant created) {
    public Subscription {
        Objects.requireNonNull(node);
        Objects.requireNonNull(jid);
        Objects.requireNonNull(subId);
        Objects.requireNonNull(state);
        Objects.requireNonNull(created);
    }

    public boolean isActive() {
        return state == SubscriptionState.SUBSCRIBED || state == SubscriptionState.UNCONFIGURED;
    }
}
