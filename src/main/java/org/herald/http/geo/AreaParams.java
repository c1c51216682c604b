package org.herald.http.geo;

import org.herald.domain.geo.GeoArea;
import org.herald.http.problem.HttpProblem;

/**
 * The area of an HTTP query or stream, from its query parameters: {@code bbox=west,south,east,north}, or
 * {@code near=lat,lon} with {@code radius=metres}; read by {@link GeoArea#parse} like every other front-end's.
 * A bad value is a 400 problem naming the parameter.
 */
public final class AreaParams {
    private AreaParams() {
    }

    /** The area, or null when the request names none. */
    public static GeoArea of(String bbox, String near, String radius) {
        if (bbox != null) {
            if (near != null || radius != null) throw bad("bbox", "use either bbox or near and radius, not both");
            return parse("bbox", "bbox=" + bbox);
        }
        if (near == null && radius == null) return null;
        if (near == null) throw bad("near", "a radius needs a centre: near=lat,lon");
        if (radius == null) throw bad("radius", "near needs a radius in metres");
        if (near.split(",", -1).length != 2) throw bad("near", "near is lat,lon");
        try {
            Double.parseDouble(radius.trim());
        } catch (NumberFormatException e) {
            throw bad("radius", "'" + radius + "' is not a number of metres");
        }
        // the centre's faults are near's, the radius' are radius': tell which
        try {
            GeoArea.parse("circle=" + near + ",1");
        } catch (IllegalArgumentException e) {
            throw bad("near", e.getMessage());
        }
        return parse("radius", "circle=" + near + "," + radius);
    }

    /** Seconds, or null when absent. */
    public static Long maxAge(String value) {
        if (value == null) return null;
        try {
            long s = Long.parseLong(value.trim());
            if (s >= 0) return s;
        } catch (NumberFormatException e) {
            // below
        }
        throw bad("maxAge", "'" + value + "' is not a whole number of seconds");
    }

    private static GeoArea parse(String field, String wire) {
        try {
            return GeoArea.parse(wire);
        } catch (IllegalArgumentException e) {
            throw bad(field, e.getMessage());
        }
    }

    private static HttpProblem bad(String field, String detail) {
        return new HttpProblem(400, "bad-request", field, field + ": " + detail);
    }
}
