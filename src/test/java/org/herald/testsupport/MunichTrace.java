package org.herald.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.herald.domain.Jid;
import org.herald.domain.geo.Geodesy;
import org.herald.domain.geo.Geoloc;
import org.herald.domain.geo.Position;

/**
 * The real car trace of issue #7 (Munich, 2014-09-10; bmwcarit/barefoot test data, Apache 2.0; see SOURCE.md beside
 * the files). The directory comes from the system property {@code herald.geo.trace}, which the pom sets for surefire
 * and failsafe; a test run without it fails loudly rather than skipping.
 *
 * <ul>
 *   <li>{@link #FULL}: {@code x0001-001.json}, 1194 fixes at 1 Hz (two 2 s gaps), one GPS jump of about 470 m at
 *       index {@link #JUMP_INDEX}: the step from fix 618 (07:04:26+02) to fix 619 (07:04:27+02), after the
 *       receiver had repeated one position for about 20 s.</li>
 *   <li>{@link #DOWNSAMPLED}: {@code x0001-015.json}, 80 fixes of the same drive at 15 s.</li>
 * </ul>
 *
 * The files carry no speed or heading; {@link #positions} derives both from the step arriving at each fix (the first
 * fix uses the step leaving it). The derived speed at the jump is of course absurd: that is the point of the jump.
 */
public final class MunichTrace {
    public static final String FULL = "x0001-001.json";
    public static final String DOWNSAMPLED = "x0001-015.json";
    /** The fix the 470 m step of the full trace leaves from (it lands on JUMP_INDEX + 1). */
    public static final int JUMP_INDEX = 618;
    /** The publisher given to every position (a test JID: nothing signs in as it). */
    public static final Jid PUBLISHER = Jid.parse("car1@localhost");

    /** One sample as the file has it. {@code index} is its place in the file, from 0. */
    public record Sample(int index, double lat, double lon, Instant time) {
    }

    private static final Pattern POINT = Pattern.compile("POINT\\(\\s*(\\S+)\\s+(\\S+)\\s*\\)");
    // "2014-09-10 06:54:07+0200": a local time with its offset, no 'T', no colon in the offset
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxx", Locale.ROOT);

    private MunichTrace() {
    }

    /** The trace directory named by {@code herald.geo.trace}; fails loudly when the property or the files are missing. */
    public static Path dir() {
        String d = System.getProperty("herald.geo.trace");
        if (d == null || d.isBlank()) {
            throw new IllegalStateException("system property herald.geo.trace is not set: the pom passes it to "
                    + "surefire/failsafe (the directory of x0001-001.json); set it when running tests another way");
        }
        Path p = Path.of(d);
        if (!Files.isRegularFile(p.resolve(FULL))) {
            throw new IllegalStateException("herald.geo.trace=" + d + " holds no " + FULL);
        }
        return p;
    }

    /** The samples of the full 1 Hz trace. */
    public static List<Sample> samples() {
        return samples(FULL);
    }

    /** The samples of one file of the trace directory ({@link #FULL} or {@link #DOWNSAMPLED}), in file order. */
    public static List<Sample> samples(String file) {
        Path path = dir().resolve(file);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        if (root == null || !root.isArray()) throw new IllegalStateException(path + " is not a JSON array");
        List<Sample> out = new ArrayList<>(root.size());
        for (JsonNode n : root) {
            Matcher m = POINT.matcher(n.path("point").asText());
            if (!m.matches()) throw new IllegalStateException(path + ": bad point at " + out.size() + ": " + n);
            // WKT puts longitude first
            double lon = Double.parseDouble(m.group(1));
            double lat = Double.parseDouble(m.group(2));
            Instant time = OffsetDateTime.parse(n.path("time").asText(), TIME).toInstant();
            out.add(new Sample(out.size(), lat, lon, time));
        }
        return out;
    }

    /** The full trace as positions of {@code key}. */
    public static List<Position> positions(String key) {
        return positions(FULL, key);
    }

    /**
     * One file as positions of {@code key}: itemId {@code key + "-" + seq}, seq = index + 1, publisher
     * {@link #PUBLISHER}, fixTime = received = the sample's time, speed (m/s) and bearing (degrees from true north)
     * derived from consecutive samples.
     */
    public static List<Position> positions(String file, String key) {
        return positions(samples(file), key, 0, 0, Duration.ZERO);
    }

    /**
     * Samples as positions of {@code key}, moved by {@code dLat}/{@code dLon} degrees and {@code dt} in time: a fleet
     * of look-alike vehicles from one trace.
     */
    public static List<Position> positions(List<Sample> samples, String key, double dLat, double dLon, Duration dt) {
        List<Position> out = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            Sample a = i > 0 ? samples.get(i - 1) : (samples.size() > 1 ? s : null);
            Sample b = i > 0 ? s : (samples.size() > 1 ? samples.get(1) : null);
            Double speed = null, bearing = null;
            if (a != null && b != null) {
                double secs = Duration.between(a.time(), b.time()).toMillis() / 1000.0;
                if (secs > 0) speed = Geodesy.meters(a.lat(), a.lon(), b.lat(), b.lon()) / secs;
                if (a.lat() != b.lat() || a.lon() != b.lon()) bearing = bearing(a.lat(), a.lon(), b.lat(), b.lon());
            }
            Instant t = s.time().plus(dt);
            Geoloc fix = new Geoloc(s.lat() + dLat, s.lon() + dLon, null, null, bearing, speed, t, null);
            out.add(new Position(key, fix, t, t, key + "-" + (i + 1), i + 1, PUBLISHER, false));
        }
        return out;
    }

    /** The initial great-circle bearing from one point to another, degrees in [0, 360). */
    public static double bearing(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1), p2 = Math.toRadians(lat2), dl = Math.toRadians(lon2 - lon1);
        double y = Math.sin(dl) * Math.cos(p2);
        double x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
        double deg = Math.toDegrees(Math.atan2(y, x));
        deg = (deg + 360) % 360;
        return deg >= 360 ? 0 : deg;
    }

    /**
     * A canonical XEP-0080 payload for a position (lat, lon, speed, bearing, timestamp), for tests that publish the
     * trace. Written here so that test support does not depend on the XML adapter under test.
     */
    public static String geolocXml(Position p) {
        StringBuilder b = new StringBuilder("<geoloc xmlns='http://jabber.org/protocol/geoloc'>");
        Geoloc g = p.fix();
        if (g.bearing() != null) b.append("<bearing>").append(plain(g.bearing())).append("</bearing>");
        b.append("<lat>").append(plain(g.lat())).append("</lat>");
        b.append("<lon>").append(plain(g.lon())).append("</lon>");
        if (g.speed() != null) b.append("<speed>").append(plain(g.speed())).append("</speed>");
        b.append("<timestamp>").append(p.fixTime()).append("</timestamp>");
        return b.append("</geoloc>").toString();
    }

    /** xs:decimal lexical form (no exponent), as XEP-0080 §4 requires. */
    private static String plain(double v) {
        return new java.math.BigDecimal(Double.toString(v)).toPlainString();
    }
}
