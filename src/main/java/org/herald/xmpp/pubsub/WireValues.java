package org.herald.xmpp.pubsub;

import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;

/** Parsing of attribute values with precise refusals. */
public final class WireValues {
    private WireValues() {
    }

    /** XML Schema boolean, as XEP-0060 uses it for 'notify' (§7.2.2.1). Null stays null. */
    public static Boolean bool(String attribute, String value) {
        if (value == null) return null;
        return switch (value) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw PubSubException.of(PubSubError.BAD_REQUEST, attribute + ": '" + value + "' is not a boolean");
        };
    }

    public static Integer positiveInt(String attribute, String value) {
        if (value == null) return null;
        try {
            int n = Integer.parseInt(value);
            if (n > 0) return n;
        } catch (NumberFormatException ignored) {
            // falls through to the refusal below, which says what was wrong
        }
        throw PubSubException.of(PubSubError.BAD_REQUEST, attribute + ": '" + value + "' is not a positive whole number");
    }

    /** A JID attribute whose absence or malformation is {@code ifBad} (e.g. invalid-jid in §6.1.3.1). */
    public static Jid jid(String value, PubSubError ifBad) {
        Jid j = value == null ? null : Jid.tryParse(value);
        if (j == null) throw PubSubException.of(ifBad, "'" + value + "' is not a JID");
        return j;
    }
}
