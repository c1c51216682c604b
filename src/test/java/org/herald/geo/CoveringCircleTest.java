package org.herald.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.herald.domain.geo.BoundingBox;
import org.herald.domain.geo.Circle;
import org.herald.domain.geo.GeoArea;
import org.herald.domain.geo.Geodesy;
import org.junit.jupiter.api.Test;

/** The circle Redis is searched with holds every point of the area (else the index would miss vehicles). */
class CoveringCircleTest {
    @Test
    void everyPointOfAnAreaLiesInItsCoveringCircle() {
        Random random = new Random(11);
        int searched = 0;
        int checked = 0;
        for (int i = 0; i < 5_000; i++) {
            GeoArea area;
            if (i % 2 == 0) {
                double west = -180 + random.nextDouble() * 360;
                double width = random.nextDouble() * (i % 10 == 0 ? 200 : 30);
                double east = west + width > 180 ? west + width - 360 : west + width;
                double south = -89 + random.nextDouble() * 170;
                area = new BoundingBox(west, south, east, Math.min(90, south + random.nextDouble() * 30));
            } else {
                area = new Circle(-85 + random.nextDouble() * 170, -180 + random.nextDouble() * 360, 1 + random.nextDouble() * 4_000_000);
            }
            CoveringCircle c = CoveringCircle.of(area);
            if (c == null) continue; // every entry is read: nothing can be missed
            searched++;
            double lon = c.turned() ? CoveringCircle.turn(c.lon()) : c.lon();
            for (int j = 0; j < 40; j++) {
                double[] p = pointIn(area, random);
                if (p == null) continue;
                checked++;
                assertThat(Geodesy.meters(c.lat(), lon, p[0], p[1])).as("%s covered by %s", area.wire(), c).isLessThanOrEqualTo(c.radius());
                // the turned search keeps clear of ±180 in its own longitudes
                if (c.turned()) assertThat(Math.abs(c.lon())).isLessThan(179);
            }
        }
        assertThat(searched).isGreaterThan(4_000); // most areas are searched, not read whole
        assertThat(checked).isGreaterThan(100_000);
    }

    /** A random point of the area, by rejection from its bounding ranges; null when none was drawn. */
    private static double[] pointIn(GeoArea area, Random random) {
        for (int k = 0; k < 50; k++) {
            double lat;
            double lon;
            if (area instanceof BoundingBox b) {
                lat = b.south() + random.nextDouble() * (b.north() - b.south());
                double width = b.crossesAntimeridian() ? b.east() + 360 - b.west() : b.east() - b.west();
                lon = b.west() + random.nextDouble() * width;
                if (lon > 180) lon -= 360;
            } else {
                Circle c = (Circle) area;
                double dLat = Math.toDegrees(c.radius() / Geodesy.EARTH_RADIUS_M);
                lat = Math.max(-90, Math.min(90, c.lat() + (random.nextDouble() * 2 - 1) * dLat));
                double dLon = Math.min(180, dLat / Math.max(1e-6, Math.cos(Math.toRadians(lat))));
                lon = c.lon() + (random.nextDouble() * 2 - 1) * dLon;
                if (lon > 180) lon -= 360;
                if (lon < -180) lon += 360;
            }
            if (area.contains(lat, lon)) return new double[] {lat, lon};
        }
        return null;
    }
}
