package org.herald.domain;

/** XEP-0060 §4.2 subscription states. */
public enum SubscriptionState implements WireValue {
    NONE("none"),
    PENDING("pending"),
    UNCONFIGURED("unconfigured"),
    SUBSCRIBED("subscribed");

    private final String wire;

    SubscriptionState(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static SubscriptionState fromWire(String v) {
        return WireValue.fromWire(SubscriptionState.class, v);
    }
}
