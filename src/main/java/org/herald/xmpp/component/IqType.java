package org.herald.xmpp.component;

/** The four IQ types of RFC 6120 §8.2.3. */
public enum IqType {
    GET, SET, RESULT, ERROR;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The type for a wire value, or null for a missing or unknown one. */
    public static IqType fromWire(String value) {
        if (value == null) return null;
        return switch (value) {
            case "get" -> GET;
            case "set" -> SET;
            case "result" -> RESULT;
            case "error" -> ERROR;
            default -> null;
        };
    }
}
