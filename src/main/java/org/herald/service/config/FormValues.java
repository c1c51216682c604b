package org.herald.service.config;

import java.util.List;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.WireValue;

/** Reads typed values out of a submitted form field, refusing malformed ones with the field's name (XEP-0004 §3.3). */
final class FormValues {
    private FormValues() {
    }

    static String single(String var, List<String> values) {
        if (values == null || values.isEmpty()) return "";
        if (values.size() > 1) throw PubSubException.badField(PubSubError.BAD_REQUEST, var, "takes one value, got " + values.size());
        return values.get(0);
    }

    /** XEP-0004 §3.3 boolean: "0", "1", "false", "true". */
    static boolean bool(String var, List<String> values) {
        String v = single(var, values);
        return switch (v) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw PubSubException.badField(PubSubError.BAD_REQUEST, var, "'" + v + "' is not a boolean");
        };
    }

    static long integer(String var, List<String> values, long min, long max) {
        String v = single(var, values);
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw PubSubException.badField(PubSubError.BAD_REQUEST, var, "'" + v + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw PubSubException.badField(PubSubError.NOT_ACCEPTABLE, var, n + " is outside " + min + ".." + max);
        }
        return n;
    }

    static <E extends Enum<E> & WireValue> E choice(String var, List<String> values, Class<E> type) {
        String v = single(var, values);
        E e = WireValue.fromWire(type, v);
        if (e == null) throw PubSubException.badField(PubSubError.BAD_REQUEST, var, "'" + v + "' is not one of the options");
        return e;
    }

    /** Free text; an empty value means "unset". */
    static String text(String var, List<String> values) {
        String v = single(var, values);
        return v.isEmpty() ? null : v;
    }
}
