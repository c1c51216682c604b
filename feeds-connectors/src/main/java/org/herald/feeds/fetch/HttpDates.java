package org.herald.feeds.fetch;

import java.time.Clock;
import java.time.Duration;
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
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC));
    private static final Pattern MAX_AGE = Pattern.compile("(?i)(?:^|,)\\s*max-age\\s*=\\s*\"?(\\d{1,12})\"?\\s*(?:,|$)");

    private HttpDates() {
    }

    /** Retry-After (RFC 9110 §10.2.3): delta-seconds or an HTTP-date; a date in the past means now. */
    static Duration retryAfter(String value, Clock clock) {
        if (value == null) return null;
        String v = value.trim();
        if (v.matches("\\d{1,12}")) return Duration.ofSeconds(Long.parseLong(v));
        for (DateTimeFormatter f : HTTP_DATES) {
            try {
                Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(v, f).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return null;
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
