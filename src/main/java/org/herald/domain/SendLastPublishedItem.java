package org.herald.domain;

/** XEP-0060 §17.4.4 pubsub#send_last_published_item. */
public enum SendLastPublishedItem implements WireValue {
    NEVER("never"),
    ON_SUB("on_sub"),
    ON_SUB_AND_PRESENCE("on_sub_and_presence");

    private final String wire;

    SendLastPublishedItem(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static SendLastPublishedItem fromWire(String v) {
        return WireValue.fromWire(SendLastPublishedItem.class, v);
    }
}
