package org.herald.domain;

/** XEP-0060 §17.4.4 pubsub#notification_type: the message type of event notifications. */
public enum NotificationType implements WireValue {
    NORMAL("normal"),
    HEADLINE("headline");

    private final String wire;

    NotificationType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static NotificationType fromWire(String v) {
        return WireValue.fromWire(NotificationType.class, v);
    }
}
