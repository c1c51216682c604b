package org.herald.domain.geo;

/** The points within {@code radius} metres (great-circle) of a centre, edge included. */
public record Circle(double lat, double lon, double radius) implements GeoArea {
    /** Half the Earth's circumference: any larger radius is the whole planet. */
    public static final double MAX_RADIUS_M = Math.PI * Geodesy.EARTH_RADIUS_M;

    public Circle {
        if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("the centre must be a latitude and a longitude");
        }
        if (!(radius > 0 && radius <= MAX_RADIUS_M)) {
            throw new IllegalArgumentException("the radius must be positive metres, at most " + (long) MAX_RADIUS_M);
        }
    }

    @Override
    public boolean contains(double lat, double lon) {
        return Geodesy.meters(this.lat, this.lon, lat, lon) <= radius;
    }

    @Override
    public String wire() {
        return "circle=" + GeoArea.decimal(lat) + "," + GeoArea.decimal(lon) + "," + GeoArea.decimal(radius);
    }
}
