package org.herald.domain.geo;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The XEP-0082 §3.2 DateTime profile ({@code CCYY-MM-DDThh:mm:ss[.sss]TZD}) as geoloc timestamps use it.
 * Two leniencies, both for XEP-0080: its own §3 example {@code 2004-02-19T21:12Z} has no seconds, so seconds are
 * optional; and {@code 24:00:00} (XML Schema's end of day, which XEP-0082 defers to) is the next day's midnight.
 * The time zone is mandatory (XEP-0082 §3.2): a reading without one is ambiguous by up to a day.
 */
public final class Xep0082 {
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?(Z|[+-]\\d{2}:\\d{2})");

    private Xep0082() {
    }

    /**
     * Reads a DateTime, normalised to UTC.
     *
     * @throws IllegalArgumentException with a reason for people when the text is not one
     */
    public static Instant dateTime(String text) {
        if (text == null) throw new IllegalArgumentException("no value");
        String t = text.strip();
        if (t.length() > 64) throw new IllegalArgumentException("too long");
        Matcher m = DATE_TIME.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected CCYY-MM-DDThh:mm[:ss[.sss]] and Z or +hh:mm/-hh:mm");
        }
        int year = Integer.parseInt(m.group(1)), month = Integer.parseInt(m.group(2)), day = Integer.parseInt(m.group(3));
        int hour = Integer.parseInt(m.group(4)), minute = Integer.parseInt(m.group(5));
        int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        String frac = m.group(7);
        // fractions MAY carry any number of digits (XEP-0082 §2); nanoseconds are as fine as Instant goes
        int nanos = frac == null ? 0 : Integer.parseInt((frac + "000000000").substring(0, 9));
        boolean endOfDay = hour == 24;
        if (endOfDay && (minute != 0 || second != 0 || nanos != 0)) {
            throw new IllegalArgumentException("hour 24 is only 24:00:00, the end of the day");
        }
        if (year == 0) throw new IllegalArgumentException("year 0000 does not exist");
        ZoneOffset offset = offset(m.group(8));
        try {
            LocalDate date = LocalDate.of(year, month, day);
            LocalTime time = endOfDay ? LocalTime.MIDNIGHT : LocalTime.of(hour, minute, second, nanos);
            LocalDateTime local = LocalDateTime.of(endOfDay ? date.plusDays(1) : date, time);
            Instant instant = local.toInstant(offset);
            // Normalised to UTC the year must still have four digits, or the canonical form (format) cannot be read
            // back: 9999-12-31T24:00:00-14:00 is in the year 10000 (found by GeolocFuzzTest).
            int utcYear = instant.atOffset(ZoneOffset.UTC).getYear();
            if (utcYear < 1 || utcYear > 9999) {
                throw new IllegalArgumentException("in UTC it falls outside the years 0001-9999");
            }
            return instant;
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("no such date or time (" + e.getMessage() + ")");
        }
    }

    /** Like {@link #dateTime} but null when the text is not a DateTime. */
    public static Instant tryDateTime(String text) {
        try {
            return dateTime(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The canonical UTC form ({@code 2014-09-10T04:54:07Z}, fractions only when there are some). */
    public static String format(Instant instant) {
        return instant.toString();
    }

    private static ZoneOffset offset(String tzd) {
        if (tzd.equals("Z")) return ZoneOffset.UTC;
        int sign = tzd.charAt(0) == '-' ? -1 : 1;
        int hh = Integer.parseInt(tzd.substring(1, 3)), mm = Integer.parseInt(tzd.substring(4, 6));
        // XML Schema: offsets lie within ±14:00
        if (mm > 59 || hh > 14 || (hh == 14 && mm != 0)) {
            throw new IllegalArgumentException("time zone " + tzd + " is outside -14:00..+14:00");
        }
        return ZoneOffset.ofHoursMinutes(sign * hh, sign * mm);
    }
}
