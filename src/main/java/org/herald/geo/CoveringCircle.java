package org.herald.geo;

import org.herald.domain.geo.BoundingBox;
import org.herald.domain.geo.Circle;
import org.herald.domain.geo.GeoArea;
import org.herald.domain.geo.Geodesy;

/**
 * A circle that holds every point of an area, for Redis' GEOSEARCH: Redis' boxes are in metres around a centre, not
 * in degrees, so a box of latitudes and longitudes is searched by a circle around it and cut exactly in Java
 * ({@link GeoArea#contains}). A box across the antimeridian is covered like any other (its centre lies on the far
 * side, distances are great-circle ones); a circle near the antimeridian is searched in the turned index.
 */
record CoveringCircle(double lat, double lon, double radius, boolean turned) {
    /**
     * How close (degrees of longitude) a search may come to the antimeridian before it is made in the turned index:
     * Redis' GEOSEARCH misses members across ±180 (seen with Redis 7.0).
     */
    private static final double EDGE_DEG = 1.0;

    /** Redis measures with its own Earth radius (6372797.56 m), slightly larger than ours: pad for that and rounding. */
    private static final double PAD = 1.001;
    private static final double PAD_M = 1;

    /** The covering circle, or null when it would be most of the planet (then every entry is read). */
    static CoveringCircle of(GeoArea area) {
        if (area instanceof Circle c) return padded(c.lat(), c.lon(), c.radius());
        BoundingBox b = (BoundingBox) area;
        double width = b.crossesAntimeridian() ? b.east() + 360 - b.west() : b.east() - b.west();
        if (width > 180) return null;
        double lon = b.west() + width / 2;
        if (lon > 180) lon -= 360;
        double lat = (b.south() + b.north()) / 2;
        // The farthest point of a box narrower than a hemisphere lies on its edge, and at a corner: along a parallel
        // the distance grows with the difference in longitude, and along a meridian its only turning point is the
        // nearest point to the centre (a minimum).
        double[][] corners = {{b.south(), b.west()}, {b.south(), b.east()}, {b.north(), b.west()}, {b.north(), b.east()}};
        double r = 0;
        for (double[] p : corners) r = Math.max(r, Geodesy.meters(lat, lon, p[0], p[1]));
        return padded(lat, lon, r);
    }

    private static CoveringCircle padded(double lat, double lon, double radius) {
        double r = radius * PAD + PAD_M;
        // Redis' GEO cells stop at latitude 85.05112878 (Web Mercator): around the poles every entry is read
        if (r >= Circle.MAX_RADIUS_M / 2 || Math.abs(lat) > RedisGeoIndex.MAX_LAT) return null;
        // the circle's reach in longitude; a circle around a pole reaches every longitude
        double s = Math.sin(r / Geodesy.EARTH_RADIUS_M) / Math.cos(Math.toRadians(lat));
        if (s >= 1) return null;
        double reach = Math.toDegrees(Math.asin(s));
        boolean nearAntimeridian = Math.abs(lon) + reach > 180 - EDGE_DEG;
        boolean nearPrimeMeridian = Math.abs(lon) - reach < EDGE_DEG;
        if (!nearAntimeridian) return new CoveringCircle(lat, lon, r, false);
        if (nearPrimeMeridian) return null; // wide enough to come near both: read every entry
        return new CoveringCircle(lat, turn(lon), r, true);
    }

    /** A longitude turned by 180 degrees: the antimeridian becomes the prime meridian. */
    static double turn(double lon) {
        return lon >= 0 ? lon - 180 : lon + 180;
    }
}
