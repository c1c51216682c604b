package org.herald.http.feed;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.time.temporal.ChronoUnit;

/**
 * Conditional GET (RFC 9110 §13): If-None-Match against the entity tag, else If-Modified-Since against the last
 * modification. HTTP dates count whole seconds, so Last-Modified is only given once the second in which the version
 * appeared has passed: any later change then falls in a later second and cannot hide behind an equal date.
 */
public final class Conditional {
    private Conditional() {
    }

    /** The Last-Modified value to send, or null while the version's second is still running. */
    public static Instant lastModified(Instant since, Instant now) {
        Instant second = since.truncatedTo(ChronoUnit.SECONDS);
        return now.isBefore(second.plusSeconds(1)) ? null : second;
    }

    /**
     * Whether the client's copy is current (answer 304).
     *
     * @param lastModified what {@link #lastModified} gave, or null
     */
    public static boolean notModified(String ifNoneMatch, String ifModifiedSince, String etag, Instant lastModified,
                                      Instant now) {
        // §13.2.2: If-None-Match decides when present; If-Modified-Since is then ignored.
        if (ifNoneMatch != null) return matches(ifNoneMatch, etag);
        if (ifModifiedSince == null || lastModified == null) return false;
        Instant since = httpDate(ifModifiedSince);
        // §13.1.3: an invalid date, or one later than the server's clock, is ignored.
        if (since == null || since.isAfter(now)) return false;
        return !lastModified.isAfter(since);
    }

    /** §13.1.2: "*" or a list of entity tags, compared weakly (a W/ prefix does not matter for GET). */
    static boolean matches(String ifNoneMatch, String etag) {
        String ours = opaque(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || opaque(c).equals(ours)) return true;
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** RFC 9110 §5.6.7 IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT" (two-digit day, always GMT). */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    public static String format(Instant i) {
        return IMF_FIXDATE.format(i);
    }

    static Instant httpDate(String s) {
        try {
            return ZonedDateTime.parse(s.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
