package org.herald.domain;

/** pubsub#subscription_type (XEP-0060 §17.4.5, XEP-0248 §5): what a subscription to a collection delivers. */
public enum SubscriptionType implements WireValue {
    /** Notifications of items published to the node (for a collection: to its leaves). */
    ITEMS("items"),
    /** Notifications of nodes associated with or removed from a collection. */
    NODES("nodes");

    private final String wire;

    SubscriptionType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static SubscriptionType fromWire(String v) {
        return WireValue.fromWire(SubscriptionType.class, v);
    }
}
