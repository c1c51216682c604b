package org.herald.feeds.fetch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The response headers a poller acts on, read leniently: an unreadable value counts as absent. */
final class HttpDates {
    /** RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms recipients must still accept. */
    private static final List<DateTimeFormatter> HTTP_DATES = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME,
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC));
    /** RFC 850 (obsolete): "Sunday, 06-Nov-94 08:49:37 GMT"; the weekday is not checked, the century is ours to pick. */
    private static final Pattern RFC_850 = Pattern.compile("[A-Za-z]+, (\\d{2})-([A-Za-z]{3})-(\\d{2}) (\\d{2}:\\d{2}:\\d{2}) GMT");
    private static final Pattern MAX_AGE = Pattern.compile("(?i)(?:^|,)\\s*max-age\\s*=\\s*\"?(\\d{1,12})\"?\\s*(?:,|$)");

    private HttpDates() {
    }

    /** Retry-After (RFC 9110 §10.2.3): delta-seconds or an HTTP-date; a date in the past means now. */
    static Duration retryAfter(String value, Clock clock) {
        if (value == null) return null;
        String v = value.trim();
        if (v.matches("\\d{1,12}")) return Duration.ofSeconds(Long.parseLong(v));
        Instant at = httpDate(v, clock);
        if (at == null) return null;
        Duration d = Duration.between(clock.instant(), at);
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Instant httpDate(String v, Clock clock) {
        for (DateTimeFormatter f : HTTP_DATES) {
            try {
                return ZonedDateTime.parse(v, f).toInstant();
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        Matcher m = RFC_850.matcher(v);
        if (!m.matches()) return null;
        int now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC)).getYear();
        // RFC 9110 §5.6.7: a two-digit year more than 50 years ahead means the most recent past year with those digits.
        int year = now - now % 100 + Integer.parseInt(m.group(3));
        if (year > now + 50) year -= 100;
        try {
            return ZonedDateTime.parse(m.group(1) + " " + m.group(2) + " " + year + " " + m.group(4),
                    DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss", Locale.ENGLISH).withZone(ZoneOffset.UTC)).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Cache-Control max-age (RFC 9111 §5.2.2.1), or null. */
    static Duration maxAge(List<String> cacheControl) {
        for (String header : cacheControl) {
            Matcher m = MAX_AGE.matcher(header);
            if (m.find()) return Duration.ofSeconds(Long.parseLong(m.group(1)));
        }
        return null;
    }
}
