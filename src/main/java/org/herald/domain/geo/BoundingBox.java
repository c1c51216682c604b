package org.herald.domain.geo;

/**
 * A box of latitudes and longitudes, edges included. When {@code west > east} the box crosses the antimeridian
 * (west = 170, east = -170 covers 20 degrees around longitude 180).
 */
public record BoundingBox(double west, double south, double east, double north) implements GeoArea {
    public BoundingBox {
        if (!(south >= -90 && north <= 90 && south <= north)) {
            throw new IllegalArgumentException("south and north must be latitudes with south <= north");
        }
        if (!(west >= -180 && west <= 180 && east >= -180 && east <= 180)) {
            throw new IllegalArgumentException("west and east must be longitudes in [-180, 180]");
        }
    }

    public boolean crossesAntimeridian() {
        return west > east;
    }

    @Override
    public boolean contains(double lat, double lon) {
        if (lat < south || lat > north) return false;
        return crossesAntimeridian() ? lon >= west || lon <= east : lon >= west && lon <= east;
    }

    @Override
    public String wire() {
        return "bbox=" + GeoArea.decimal(west) + "," + GeoArea.decimal(south) + "," + GeoArea.decimal(east) + ","
                + GeoArea.decimal(north);
    }
}
