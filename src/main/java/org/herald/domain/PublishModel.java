package org.herald.domain;

/** XEP-0060 §17.4.4 pubsub#publish_model: who may publish. */
public enum PublishModel implements WireValue {
    PUBLISHERS("publishers"),
    SUBSCRIBERS("subscribers"),
    OPEN("open");

    private final String wire;

    PublishModel(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static PublishModel fromWire(String v) {
        return WireValue.fromWire(PublishModel.class, v);
    }
}
