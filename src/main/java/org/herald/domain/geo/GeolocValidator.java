package org.herald.domain.geo;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates and normalises XEP-0080 readings: the data types of XEP-0080 §3 (Data Format, and its XML Schema §11),
 * the units of §5 (Implementation Notes) and the DateTime profile of XEP-0082 §3.2 for {@code <timestamp/>}.
 * Pure: no XML here, the adapter hands over element texts ({@link GeolocFields}).
 *
 * <p>Every problem names the element at fault, and all problems are collected, so a publisher fixes its payload in
 * one round. Elements XEP-0080 does not define are ignored: the format is extensible.
 */
public final class GeolocValidator {
    /** Labels are for map tooltips and lists: longer texts are cut. */
    public static final int MAX_LABEL = 200;
    /** A decimal with more characters than this is not a GPS reading (and would only bloat error messages). */
    static final int MAX_DECIMAL_CHARS = 64;
    /** XEP-0080 §3: {@code <error/>} is in arc minutes; one arc minute of a great circle is one nautical mile. */
    static final double METERS_PER_ARC_MINUTE = 1852.0;
    /**
     * The Earth's circumference in arc minutes (360 x 60): a horizontal error beyond it places the reading nowhere.
     * It also keeps the converted accuracy short: 1e61 arc minutes became 3.3e64 m, whose canonical payload had 65
     * digits and no longer passed {@link #MAX_DECIMAL_CHARS} when read back (found by GeolocFuzzTest).
     */
    static final double MAX_ERROR_ARC_MINUTES = 21_600;

    /** xs:decimal lexical space (XML Schema Part 2 §3.2.3.1): no exponent, NaN, INF, hex or inner whitespace. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    /** XEP-0082 §2 TZD, as XEP-0080 §3 requires for {@code <tzo/>}. */
    private static final Pattern TZD = Pattern.compile("Z|[+-]\\d\\d:\\d\\d");

    /** The xs:decimal elements of XEP-0080 §3, in the table's order. */
    private static final List<String> DECIMALS =
            List.of("accuracy", "alt", "altaccuracy", "bearing", "error", "lat", "lon", "speed");
    /** Every element XEP-0080 §3 defines; all of them are simple (text-only) and occur at most once (§11 schema). */
    private static final Set<String> KNOWN = Set.of("accuracy", "alt", "altaccuracy", "area", "bearing", "building",
            "country", "countrycode", "datum", "description", "error", "floor", "lat", "locality", "lon", "postalcode",
            "region", "regioncode", "room", "speed", "street", "text", "timestamp", "tzo", "uri");

    private final Duration maxFutureSkew;

    /** @param maxFutureSkew how far in the future a timestamp may lie before it is flagged */
    public GeolocValidator(Duration maxFutureSkew) {
        this.maxFutureSkew = Objects.requireNonNull(maxFutureSkew);
        if (maxFutureSkew.isNegative()) throw new IllegalArgumentException("maxFutureSkew must not be negative");
    }

    /** Checks one geoloc element's fields at {@code now}. Never throws for bad input: problems are the answer. */
    public GeoCheck check(GeolocFields fields, Instant now) {
        // XEP-0080 §4.1: an empty <geoloc/> is the "stop command", never a point at (0, 0)
        if (fields.isEmpty()) return new GeoCheck(Geoloc.stopped(null), List.of(), false, false);

        List<GeoProblem> problems = new ArrayList<>();
        for (String name : fields.repeated()) {
            if (KNOWN.contains(name)) problems.add(new GeoProblem(name, "appears more than once: which one counts?"));
        }
        for (String name : fields.nested()) {
            if (KNOWN.contains(name)) {
                problems.add(new GeoProblem(name, "has child elements; XEP-0080 fields are plain text"));
            }
        }

        // an element already at fault for its structure is not judged again by its value: one problem per element
        Set<String> faulty = new java.util.HashSet<>(fields.repeated());
        faulty.addAll(fields.nested());
        Double[] v = new Double[DECIMALS.size()];
        for (int i = 0; i < DECIMALS.size(); i++) {
            if (!faulty.contains(DECIMALS.get(i))) v[i] = decimal(fields, DECIMALS.get(i), problems);
        }
        Double accuracy = v[0], alt = v[1], altAccuracy = v[2], bearing = v[3], error = v[4], lat = v[5], lon = v[6],
                speed = v[7];

        within(lat, "lat", -90, 90, problems);
        within(lon, "lon", -180, 180, problems);
        if (bearing != null && !(bearing >= 0 && bearing < 360)) {
            problems.add(new GeoProblem("bearing", show(fields.get("bearing")) + " is outside [0, 360) degrees"));
        }
        notNegative(speed, "speed", "metres per second", fields, problems);
        notNegative(accuracy, "accuracy", "metres", fields, problems);
        notNegative(altAccuracy, "altaccuracy", "metres", fields, problems);
        notNegative(error, "error", "arc minutes", fields, problems);
        if (error != null && error > MAX_ERROR_ARC_MINUTES) {
            problems.add(new GeoProblem("error", show(fields.get("error")) + " arc minutes is more than the Earth's "
                    + "circumference (21600); send <accuracy/> in metres"));
        }

        // a position is a pair: half of one is not a point Herald can place
        boolean hasLat = fields.get("lat") != null, hasLon = fields.get("lon") != null;
        if (hasLat && !hasLon) problems.add(new GeoProblem("lon", "missing: <lat/> was given without <lon/>"));
        if (hasLon && !hasLat) problems.add(new GeoProblem("lat", "missing: <lon/> was given without <lat/>"));
        if (!hasLat && !hasLon) {
            // a civic-only location (locality, street...) is valid XEP-0080 but cannot be indexed or drawn; only the
            // empty <geoloc/> means "stopped" (§4.1)
            problems.add(new GeoProblem("lat", "missing: Herald needs <lat/> and <lon/> (an empty <geoloc/> is the "
                    + "stop command)"));
        }

        // XEP-0080 §3 note on datum: absent means WGS84; Herald's index and areas are WGS84 only
        String datum = fields.get("datum");
        if (datum != null && !faulty.contains("datum") && !isWgs84(datum)) {
            problems.add(new GeoProblem("datum", show(datum) + " is not supported: Herald indexes WGS84 positions "
                    + "only (omit <datum/> or send WGS84)"));
        }

        String tzo = fields.get("tzo");
        if (tzo != null && !faulty.contains("tzo") && !validTzd(tzo)) {
            problems.add(new GeoProblem("tzo", show(tzo) + " is not a XEP-0082 time zone (Z or +hh:mm / -hh:mm)"));
        }

        Instant timestamp = null;
        String ts = fields.get("timestamp");
        if (ts != null && !faulty.contains("timestamp")) {
            try {
                timestamp = Xep0082.dateTime(ts);
            } catch (IllegalArgumentException e) {
                problems.add(new GeoProblem("timestamp", show(ts) + " is not a XEP-0082 DateTime: " + e.getMessage()));
            }
        }

        if (!problems.isEmpty()) return GeoCheck.invalid(problems);

        // XEP-0080 §3: <accuracy/> obsoletes <error/>, which is in arc minutes
        boolean deprecatedError = accuracy == null && error != null;
        Double horizontal = accuracy != null ? accuracy : deprecatedError ? error * METERS_PER_ARC_MINUTE : null;
        boolean futureSkew = timestamp != null && timestamp.isAfter(now.plus(maxFutureSkew));
        Geoloc g = new Geoloc(lat, lon, alt, horizontal, bearing, speed, timestamp, label(fields));
        return new GeoCheck(g, List.of(), futureSkew, deprecatedError);
    }

    private static Double decimal(GeolocFields fields, String name, List<GeoProblem> problems) {
        String text = fields.get(name);
        if (text == null) return null;
        String t = text.strip();
        if (t.isEmpty()) {
            problems.add(new GeoProblem(name, "is empty; XEP-0080 defines it as a decimal number"));
            return null;
        }
        if (t.length() > MAX_DECIMAL_CHARS) {
            problems.add(new GeoProblem(name, "has " + t.length() + " characters: too long for a decimal reading"));
            return null;
        }
        if (!DECIMAL.matcher(t).matches()) {
            problems.add(new GeoProblem(name, show(t) + " is not an xs:decimal (digits with an optional sign and "
                    + "point; no exponent)"));
            return null;
        }
        double d = new BigDecimal(t).doubleValue();
        if (!Double.isFinite(d)) {
            problems.add(new GeoProblem(name, show(t) + " is too large"));
            return null;
        }
        return d;
    }

    private static void within(Double value, String name, double min, double max, List<GeoProblem> problems) {
        if (value != null && !(value >= min && value <= max)) {
            problems.add(new GeoProblem(name, plain(value) + " is outside [" + (int) min + ", " + (int) max + "]"));
        }
    }

    private static void notNegative(Double value, String name, String unit, GeolocFields fields,
                                    List<GeoProblem> problems) {
        if (value != null && value < 0) {
            problems.add(new GeoProblem(name, show(fields.get(name)) + " is negative; it is " + unit + " (>= 0)"));
        }
    }

    private static boolean isWgs84(String datum) {
        // "WGS84", "WGS 84", "wgs-84": the same datum written the usual ways
        String d = datum.strip().toUpperCase(Locale.ROOT).replace(" ", "").replace("-", "");
        return d.equals("WGS84");
    }

    private static boolean validTzd(String tzo) {
        String t = tzo.strip();
        if (!TZD.matcher(t).matches()) return false;
        if (t.equals("Z")) return true;
        int hh = Integer.parseInt(t.substring(1, 3)), mm = Integer.parseInt(t.substring(4, 6));
        return mm <= 59 && (hh < 14 || (hh == 14 && mm == 0));
    }

    /** XEP-0080 §3: text is the catch-all for people, description names the place, locality is the town. */
    private static String label(GeolocFields fields) {
        for (String name : List.of("text", "description", "locality")) {
            String s = fields.get(name);
            if (s == null) continue;
            String t = s.strip().replaceAll("\\s+", " ");
            if (t.isEmpty()) continue;
            // Stripped again after the cut: a cut that ends on a space would leave a label that reads back differently.
            if (t.codePointCount(0, t.length()) > MAX_LABEL) t = t.substring(0, t.offsetByCodePoints(0, MAX_LABEL)).strip();
            return t;
        }
        return null;
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** A value quoted in an error message, cut so that a hostile payload cannot fill the error text. */
    private static String show(String value) {
        String v = value == null ? "" : value.strip();
        if (v.codePointCount(0, v.length()) > 40) v = v.substring(0, v.offsetByCodePoints(0, 40)) + "…";
        return "'" + v + "'";
    }
}
