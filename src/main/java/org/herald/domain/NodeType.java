package org.herald.domain;

/** XEP-0060 §4.4 node types. */
public enum NodeType implements WireValue {
    LEAF("leaf"),
    COLLECTION("collection");

    private final String wire;

    NodeType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static NodeType fromWire(String v) {
        return WireValue.fromWire(NodeType.class, v);
    }
}
