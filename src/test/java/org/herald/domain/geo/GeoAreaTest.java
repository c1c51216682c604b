package org.herald.domain.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GeoAreaTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "NULL", value = {
            "NULL|no area given",
            "11,48,12,49|bbox=west,south,east,north",
            "box=11,48,12,49|unknown area kind 'box'",
            "BBOX=11,48,12,49|unknown area kind 'BBOX'",
            "bbox=11,48,12|four numbers",
            "bbox=11,48,12,49,50|four numbers",
            "bbox=|'' is not a decimal number",
            "bbox=11,48,,49|'' is not a decimal number",
            "bbox=1e1,48,12,49|'1e1' is not a decimal number",
            "bbox=NaN,48,12,49|'NaN' is not a decimal number",
            "bbox=Infinity,48,12,49|'Infinity' is not a decimal number",
            "bbox=0x10,48,12,49|'0x10' is not a decimal number",
            "bbox=11,49,12,48|south <= north",
            "bbox=11,-91,12,48|south <= north",
            "bbox=11,48,12,90.5|south <= north",
            "bbox=-181,48,12,49|longitudes in [-180, 180]",
            "bbox=11,48,180.01,49|longitudes in [-180, 180]",
            "circle=48,11|three numbers",
            "circle=91,11,100|the centre",
            "circle=48,-180.5,100|the centre",
            "circle=48,11,0|the radius must be positive",
            "circle=48,11,-5|the radius must be positive",
            "circle=48,11,20015115|the radius must be positive"})
    void parseErrorsSayWhat(String text, String message) {
        assertThatThrownBy(() -> GeoArea.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void hugeNumbersAreRefusedNotInfinite() {
        assertThatThrownBy(() -> GeoArea.parse("circle=48,11," + "9".repeat(400)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesBothKindsWithSpaces() {
        assertThat(GeoArea.parse(" bbox = 11.5, 48.1 ,11.6,48.2 ")).isEqualTo(new BoundingBox(11.5, 48.1, 11.6, 48.2));
        assertThat(GeoArea.parse("circle=48.137,11.575,500")).isEqualTo(new Circle(48.137, 11.575, 500));
        assertThat(GeoArea.parse("circle=-0.5,+.5,1.")).isEqualTo(new Circle(-0.5, 0.5, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bbox=11.5,48.1,11.6,48.2", "bbox=170.0,-10.0,-170.0,10.0", "circle=48.137,11.575,500.0",
            "circle=0.0,0.0,2.0E7", "bbox=1.0E-5,-1.0E-4,0.001,89.99999", "circle=-89.0,179.9,1.0E-6"})
    void wireRoundTrips(String text) {
        GeoArea a = GeoArea.parse(plain(text));
        assertThat(GeoArea.parse(a.wire())).isEqualTo(a);
        assertThat(a.wire()).doesNotContain("E");
    }

    /** Writes the exponent forms of the table as plain decimals, which is what parse takes. */
    private static String plain(String text) {
        int eq = text.indexOf('=');
        StringBuilder b = new StringBuilder(text.substring(0, eq + 1));
        String[] parts = text.substring(eq + 1).split(",");
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) b.append(',');
            b.append(new java.math.BigDecimal(parts[i]).toPlainString());
        }
        return b.toString();
    }

    @Test
    void largeRadiusAndTinyCoordinatesKeepAParseableWire() {
        // Double.toString writes 1.0E7 and 1.0E-5, which parse refuses
        Circle c = new Circle(0.00001, -0.0002, 10_000_000);
        assertThat(GeoArea.parse(c.wire())).isEqualTo(c);
        BoundingBox b = new BoundingBox(0.00001, -0.00001, 0.0005, 0.0009);
        assertThat(GeoArea.parse(b.wire())).isEqualTo(b);
        assertThat(new BoundingBox(11.5, 48.1, 11.6, 48.2).wire()).isEqualTo("bbox=11.5,48.1,11.6,48.2");
    }

    @Test
    void boxEdgesAreInside() {
        BoundingBox b = new BoundingBox(11.0, 48.0, 12.0, 49.0);
        assertThat(b.crossesAntimeridian()).isFalse();
        assertThat(b.contains(48.0, 11.0)).isTrue();
        assertThat(b.contains(49.0, 12.0)).isTrue();
        assertThat(b.contains(48.5, 11.5)).isTrue();
        assertThat(b.contains(47.9999, 11.5)).isFalse();
        assertThat(b.contains(48.5, 12.0001)).isFalse();
        assertThat(b.contains(48.5, -11.5)).isFalse();
        assertThat(b.contains((Position) null)).isFalse();
    }

    @Test
    void antimeridianBox() {
        BoundingBox b = (BoundingBox) GeoArea.parse("bbox=170,-20,-170,-10");
        assertThat(b.crossesAntimeridian()).isTrue();
        assertThat(b.contains(-15, 175)).isTrue();
        assertThat(b.contains(-15, 180)).isTrue();
        assertThat(b.contains(-15, -180)).isTrue();
        assertThat(b.contains(-15, -175)).isTrue();
        assertThat(b.contains(-15, 170)).isTrue();
        assertThat(b.contains(-15, -170)).isTrue();
        // the 340 degrees the other way round are outside
        assertThat(b.contains(-15, 0)).isFalse();
        assertThat(b.contains(-15, 169.9)).isFalse();
        assertThat(b.contains(-15, -169.9)).isFalse();
        assertThat(b.contains(-9.9, 175)).isFalse();
    }

    @Test
    void circleEdges() {
        Circle c = new Circle(48.137, 11.575, 1000);
        // due north: one degree of latitude is R·π/180 metres on the sphere
        double degPerMeter = 180 / (Math.PI * Geodesy.EARTH_RADIUS_M);
        assertThat(c.contains(48.137 + 999 * degPerMeter, 11.575)).isTrue();
        assertThat(c.contains(48.137 + 1001 * degPerMeter, 11.575)).isFalse();
        assertThat(c.contains(48.137, 11.575)).isTrue();
    }

    @Test
    void circleAcrossTheAntimeridianAndAtThePole() {
        Circle fiji = new Circle(-17, 179.99, 20_000);
        assertThat(fiji.contains(-17, -179.99)).isTrue();
        assertThat(fiji.contains(-17, 179.5)).isFalse();
        Circle pole = new Circle(90, 0, 200_000);
        // every longitude at 89 degrees is 111 km from the pole
        assertThat(pole.contains(89, 0)).isTrue();
        assertThat(pole.contains(89, 180)).isTrue();
        assertThat(pole.contains(89, -97)).isTrue();
        assertThat(pole.contains(88, 0)).isFalse();
        Circle planet = new Circle(0, 0, Circle.MAX_RADIUS_M);
        assertThat(planet.contains(0, 180)).isTrue();
        assertThat(planet.contains(-90, 0)).isTrue();
    }
}
