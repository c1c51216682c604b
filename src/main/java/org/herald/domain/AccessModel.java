package org.herald.domain;

/** XEP-0060 §4.5 node access models, in order of openness. */
public enum AccessModel implements WireValue {
    OPEN("open"),
    PRESENCE("presence"),
    ROSTER("roster"),
    AUTHORIZE("authorize"),
    WHITELIST("whitelist");

    private final String wire;

    AccessModel(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static AccessModel fromWire(String v) {
        return WireValue.fromWire(AccessModel.class, v);
    }
}
