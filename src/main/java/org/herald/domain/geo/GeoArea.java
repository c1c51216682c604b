package org.herald.domain.geo;

/**
 * An area a subscriber or a query cares about. One text form serves every front-end: the herald#geo_area
 * subscription option, HTTP query parameters and the XMPP query element.
 * <ul>
 *   <li>{@code bbox=west,south,east,north}: degrees, in the order of GeoJSON's bbox. {@code west > east} is a box
 *       across the antimeridian.</li>
 *   <li>{@code circle=lat,lon,radius}: a centre in degrees (the order of RFC 5870 geo: URIs) and a radius in
 *       metres.</li>
 * </ul>
 */
public sealed interface GeoArea permits BoundingBox, Circle {
    boolean contains(double lat, double lon);

    default boolean contains(Position p) {
        return p != null && contains(p.lat(), p.lon());
    }

    /** The text form {@link #parse} reads. */
    String wire();

    /**
     * Reads the text form.
     *
     * @throws IllegalArgumentException with a message for people when the text is not an area
     */
    static GeoArea parse(String text) {
        if (text == null) throw new IllegalArgumentException("no area given");
        String t = text.trim();
        int eq = t.indexOf('=');
        if (eq < 0) throw new IllegalArgumentException("an area is bbox=west,south,east,north or circle=lat,lon,radius");
        String kind = t.substring(0, eq).trim();
        double[] v = numbers(t.substring(eq + 1));
        return switch (kind) {
            case "bbox" -> {
                if (v.length != 4) throw new IllegalArgumentException("bbox takes four numbers: west,south,east,north");
                yield new BoundingBox(v[0], v[1], v[2], v[3]);
            }
            case "circle" -> {
                if (v.length != 3) throw new IllegalArgumentException("circle takes three numbers: lat,lon,radius");
                yield new Circle(v[0], v[1], v[2]);
            }
            default -> throw new IllegalArgumentException("unknown area kind '" + kind + "': bbox or circle");
        };
    }

    /**
     * A number as {@link #parse} reads it: Double.toString's form unless that uses an exponent (below 1e-3 or from
     * 1e7 on, e.g. a 10 000 km radius), which parse refuses.
     */
    static String decimal(double v) {
        String s = Double.toString(v);
        return s.indexOf('E') < 0 ? s : new java.math.BigDecimal(s).toPlainString();
    }

    private static double[] numbers(String csv) {
        String[] parts = csv.split(",", -1);
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            // plain decimals only: no exponents, NaN or Infinity, which Double.parseDouble would take
            if (!p.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
                throw new IllegalArgumentException("'" + p + "' is not a decimal number");
            }
            out[i] = Double.parseDouble(p);
        }
        return out;
    }
}
