package org.herald.xmpp.geo;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.geo.GeoArea;
import org.herald.xmpp.stanza.XmlElement;

/** The attributes of Herald's geo query elements, read strictly: a bad one is bad-request naming it. */
final class GeoIqArgs {
    private GeoIqArgs() {
    }

    static String node(XmlElement q) {
        String n = q.attr("node");
        if (n == null || n.isEmpty()) throw PubSubException.of(PubSubError.NODEID_REQUIRED);
        return n;
    }

    static GeoArea area(XmlElement q) {
        String a = q.attr("area");
        if (a == null) return null;
        try {
            return GeoArea.parse(a);
        } catch (IllegalArgumentException e) {
            throw bad("area", e.getMessage());
        }
    }

    static Duration maxAge(XmlElement q) {
        Integer s = whole(q, "max-age", 0);
        return s == null ? null : Duration.ofSeconds(s);
    }

    static Integer points(XmlElement q) {
        return whole(q, "points", 2);
    }

    /** An XEP-0082 DateTime (any offset), or null when absent. */
    static Instant time(XmlElement q, String attr) {
        String t = q.attr(attr);
        if (t == null) return null;
        try {
            return OffsetDateTime.parse(t.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw bad(attr, "'" + t + "' is not an XEP-0082 DateTime");
        }
    }

    private static Integer whole(XmlElement q, String attr, int min) {
        String v = q.attr(attr);
        if (v == null) return null;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min) throw bad(attr, n + " is below " + min);
            return n;
        } catch (NumberFormatException e) {
            throw bad(attr, "'" + v + "' is not a whole number");
        }
    }

    private static PubSubException bad(String attr, String why) {
        return PubSubException.badField(PubSubError.BAD_REQUEST, attr, attr + ": " + why);
    }
}
