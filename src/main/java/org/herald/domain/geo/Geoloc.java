package org.herald.domain.geo;

import java.time.Instant;

/**
 * A validated XEP-0080 reading in the units the XEP defines: degrees (WGS84), metres, metres per second.
 * Optional values are null when the payload did not give them. A reading without a position ({@link #sharing()}
 * false) is XEP-0080's "stop command" (an empty {@code <geoloc/>}): never a point at (0, 0).
 *
 * @param accuracy horizontal error in metres: {@code <accuracy/>}, or the deprecated {@code <error/>} (arc minutes)
 *                 converted when no accuracy was given
 * @param timestamp when the reading was taken (XEP-0082, normalised to UTC), or null when the payload gave none
 * @param label a short text for people: text, else description, else locality
 */
public record Geoloc(Double lat, Double lon, Double alt, Double accuracy, Double bearing, Double speed,
                     Instant timestamp, String label) {
    public Geoloc {
        if ((lat == null) != (lon == null)) throw new IllegalArgumentException("lat and lon come together");
    }

    /** The stop command (XEP-0080 §4.1). */
    public static Geoloc stopped(Instant timestamp) {
        return new Geoloc(null, null, null, null, null, null, timestamp, null);
    }

    public static Geoloc at(double lat, double lon, Instant timestamp) {
        return new Geoloc(lat, lon, null, null, null, null, timestamp, null);
    }

    public boolean sharing() {
        return lat != null;
    }
}
