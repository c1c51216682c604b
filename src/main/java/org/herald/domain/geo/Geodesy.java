package org.herald.domain.geo;

/** Distances on the WGS84 mean sphere: enough for areas of a city or a country, and cheap. */
public final class Geodesy {
    /** The IUGG mean Earth radius, metres. */
    public static final double EARTH_RADIUS_M = 6_371_008.8;

    private Geodesy() {
    }

    /** Great-circle distance in metres (haversine, stable for short distances). */
    public static double meters(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1), p2 = Math.toRadians(lat2);
        double dp = p2 - p1, dl = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    public static double meters(Position a, Position b) {
        return meters(a.lat(), a.lon(), b.lat(), b.lon());
    }
}
