package org.herald.feeds.parse;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fallback date parsing for what Rome gives up on: RFC 822/1123 variants (with or without weekday, seconds, with
 * named US zones or numeric offsets, two-digit years) and ISO 8601 / W3C-DTF variants (without seconds, without a
 * zone, date only). A value without a zone is taken as UTC (RFC 3339 §4.3 "unknown local offset" is the best guess).
 */
final class Dates {
    private static final Map<String, String> ZONES = Map.ofEntries(
            Map.entry("UT", "+0000"), Map.entry("UTC", "+0000"), Map.entry("GMT", "+0000"), Map.entry("Z", "+0000"),
            Map.entry("EST", "-0500"), Map.entry("EDT", "-0400"), Map.entry("CST", "-0600"),
            Map.entry("CDT", "-0500"), Map.entry("MST", "-0700"), Map.entry("MDT", "-0600"),
            Map.entry("PST", "-0800"), Map.entry("PDT", "-0700"));

    private static final List<DateTimeFormatter> RFC822 = List.of(
            rfc("[EEE, ][EEE ]d MMM yyyy HH:mm[:ss] Z"),
            rfc("[EEE, ][EEE ]d MMM yy HH:mm[:ss] Z"),
            rfc("[EEE, ][EEE ]d MMM yyyy HH:mm[:ss]"),
            rfc("[EEE, ][EEE ]d MMM yy HH:mm[:ss]"),
            rfc("[EEE, ][EEE ]d MMM yyyy"));

    private static final List<DateTimeFormatter> ISO = List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm[:ss][.SSSSSSSSS][.SSSSSS][.SSS][.SS][.S]XXX", Locale.ROOT),
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm[:ss][.SSSSSSSSS][.SSSSSS][.SSS][.SS][.S]X", Locale.ROOT),
            DateTimeFormatter.ofPattern("yyyy-MM-dd['T'][' ']HH:mm[:ss][.SSS]", Locale.ROOT),
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm[ss]X", Locale.ROOT));

    private Dates() {
    }

    private static DateTimeFormatter rfc(String pattern) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().parseLenient().appendPattern(pattern)
                .toFormatter(Locale.ENGLISH);
    }

    /** Parses {@code raw} or returns null. */
    static Instant parse(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip().replaceAll("\\s+", " ");
        if (s.isEmpty()) {
            return null;
        }
        Instant i = iso(s);
        return i != null ? i : rfc822(s);
    }

    private static Instant iso(String s) {
        String t = s.endsWith("z") ? s.substring(0, s.length() - 1) + "Z" : s;
        t = t.replaceFirst("^(\\d{4}-\\d{2}-\\d{2})t", "$1T");
        for (DateTimeFormatter f : ISO) {
            try {
                TemporalAccessor ta = f.parse(t);
                if (ta.isSupported(ChronoField.OFFSET_SECONDS)) {
                    return OffsetDateTime.from(ta).toInstant();
                }
                return LocalDateTime.from(ta).toInstant(ZoneOffset.UTC);
            } catch (java.time.DateTimeException e) {
                // try the next form
            }
        }
        try {
            if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (t.matches("\\d{4}-\\d{2}")) {
                return LocalDate.parse(t + "-01").atStartOfDay(ZoneOffset.UTC).toInstant();
            }
        } catch (DateTimeParseException e) {
            return null;
        }
        return null;
    }

    private static Instant rfc822(String s) {
        String t = s.replace(",", ", ").replaceAll("\\s+", " ").replace(" ,", ",");
        // Named zones become numeric offsets: the JDK's zone names are ambiguous and locale dependent.
        String[] parts = t.split(" ");
        String last = parts[parts.length - 1].toUpperCase(Locale.ROOT);
        if (ZONES.containsKey(last)) {
            t = t.substring(0, t.length() - last.length()) + ZONES.get(last);
        } else if (last.matches("[+-]\\d{2}:\\d{2}")) {
            t = t.substring(0, t.length() - 6) + last.replace(":", "");
        }
        for (DateTimeFormatter f : RFC822) {
            try {
                TemporalAccessor ta = f.parse(t);
                if (ta.isSupported(ChronoField.OFFSET_SECONDS)) {
                    return ZonedDateTime.from(ta).toInstant();
                }
                if (ta.isSupported(ChronoField.HOUR_OF_DAY)) {
                    return LocalDateTime.from(ta).toInstant(ZoneOffset.UTC);
                }
                return LocalDate.from(ta).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (java.time.DateTimeException e) {
                // try the next form
            }
        }
        return null;
    }
}
