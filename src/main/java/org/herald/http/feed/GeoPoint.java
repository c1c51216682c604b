package org.herald.http.feed;

import java.math.BigDecimal;

/**
 * A WGS84 position taken from an item: XEP-0080 {@code <lat/>}/{@code <lon/>} (decimal degrees, §4) or a GeoRSS-Simple
 * point. Written back as GeoRSS-Simple {@code <georss:point>lat lon</georss:point>}.
 */
public record GeoPoint(BigDecimal lat, BigDecimal lon) {
    public static final String GEOLOC_NS = "http://jabber.org/protocol/geoloc";
    public static final String GEORSS_NS = "http://www.georss.org/georss";

    private static final BigDecimal LAT_MAX = BigDecimal.valueOf(90);
    private static final BigDecimal LON_MAX = BigDecimal.valueOf(180);

    /** A point from two decimal strings, or null when either is missing, not a number or out of range. */
    public static GeoPoint of(String lat, String lon) {
        BigDecimal la = decimal(lat);
        BigDecimal lo = decimal(lon);
        if (la == null || lo == null || la.abs().compareTo(LAT_MAX) > 0 || lo.abs().compareTo(LON_MAX) > 0) return null;
        return new GeoPoint(la, lo);
    }

    /** A point from GeoRSS-Simple text ("lat lon", whitespace separated), or null. */
    public static GeoPoint ofGeoRss(String text) {
        if (text == null) return null;
        String[] parts = text.trim().split("\\s+");
        return parts.length == 2 ? of(parts[0], parts[1]) : null;
    }

    /** GeoRSS-Simple point text: latitude, a space, longitude. */
    public String georss() {
        return lat.toPlainString() + " " + lon.toPlainString();
    }

    private static BigDecimal decimal(String s) {
        if (s == null) return null;
        String t = s.trim();
        // xs:decimal as XEP-0080 types lat/lon: digits with an optional sign and point, no exponent, no NaN/Infinity.
        if (!t.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)") || t.length() > 40) return null;
        return new BigDecimal(t);
    }
}
