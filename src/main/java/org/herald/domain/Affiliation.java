package org.herald.domain;

/** XEP-0060 §4.1 affiliations, always held by a bare JID. */
public enum Affiliation implements WireValue {
    OWNER("owner"),
    PUBLISHER("publisher"),
    PUBLISH_ONLY("publish-only"),
    MEMBER("member"),
    NONE("none"),
    OUTCAST("outcast");

    private final String wire;

    Affiliation(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static Affiliation fromWire(String v) {
        return WireValue.fromWire(Affiliation.class, v);
    }
}
