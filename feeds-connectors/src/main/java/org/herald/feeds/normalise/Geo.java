package org.herald.feeds.normalise;

/**
 * A point in WGS84 degrees (the datum GeoRSS and W3C geo use). Instances are only built from validated values:
 * see {@link #of(double, double)}.
 */
public record Geo(double lat, double lon) {
    public Geo {
        if (!valid(lat, lon)) {
            throw new IllegalArgumentException("coordinates out of range: " + lat + " " + lon);
        }
    }

    /** True when lat ∈ [-90, 90] and lon ∈ [-180, 180] (NaN and infinities are not). */
    public static boolean valid(double lat, double lon) {
        return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
    }
}
