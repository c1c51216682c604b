package org.herald.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One subscription of a (bare or full) JID to a node, told apart from others of the same JID by its SubID (§6.1.6),
 * with its options (§6.3).
 */
public record Subscription(String node, Jid jid, String subId, SubscriptionState state, Instant created,
                           SubscriptionOptions options) {
    public Subscription {
        Objects.requireNonNull(node);
        Objects.requireNonNull(jid);
        Objects.requireNonNull(subId);
        Objects.requireNonNull(state);
        Objects.requireNonNull(created);
        Objects.requireNonNull(options);
    }

    /** A subscription with the default options (§6.4). */
    public Subscription(String node, Jid jid, String subId, SubscriptionState state, Instant created) {
        this(node, jid, subId, state, created, SubscriptionOptions.DEFAULT);
    }

    public Subscription withState(SubscriptionState newState) {
        return new Subscription(node, jid, subId, newState, created, options);
    }

    public Subscription withOptions(SubscriptionOptions newOptions) {
        return new Subscription(node, jid, subId, state, created, newOptions);
    }

    public boolean isActive() {
        return state == SubscriptionState.SUBSCRIBED || state == SubscriptionState.UNCONFIGURED;
    }
}
