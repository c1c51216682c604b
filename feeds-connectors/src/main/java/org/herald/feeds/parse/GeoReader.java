package org.herald.feeds.parse;

import java.util.List;
import org.herald.feeds.normalise.Geo;
import org.jdom2.Element;

/**
 * Reads a point from an entry's extension markup: GeoRSS Simple (georss:point "lat lon"), GeoRSS GML
 * (georss:where/gml:Point/gml:pos "lat lon") and W3C Basic Geo (geo:lat + geo:long, or geo:Point with them inside).
 * Out-of-range or unreadable values are dropped with a warning; they never fail the feed.
 */
final class GeoReader {
    static final String GEORSS = "http://www.georss.org/georss";
    static final String GML = "http://www.opengis.net/gml";
    static final String W3C_GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#";

    private GeoReader() {
    }

    static Geo read(List<Element> markup, String entryLabel, List<String> warnings) {
        for (Element e : markup) {
            String ns = e.getNamespaceURI();
            String name = e.getName();
            if (GEORSS.equals(ns) && "point".equals(name)) {
                return pair(e.getTextNormalize(), entryLabel, warnings);
            }
            if (GEORSS.equals(ns) && "where".equals(name)) {
                Element pos = find(e, GML, "pos");
                if (pos != null) {
                    return pair(pos.getTextNormalize(), entryLabel, warnings);
                }
            }
            if (W3C_GEO.equals(ns) && "Point".equals(name)) {
                Geo g = latLong(e.getChildren(), entryLabel, warnings);
                if (g != null) {
                    return g;
                }
            }
        }
        return latLong(markup, entryLabel, warnings);
    }

    private static Geo latLong(List<Element> elements, String entryLabel, List<String> warnings) {
        String lat = null;
        String lon = null;
        for (Element e : elements) {
            if (W3C_GEO.equals(e.getNamespaceURI())) {
                if ("lat".equals(e.getName())) {
                    lat = e.getTextNormalize();
                } else if ("long".equals(e.getName()) || "lon".equals(e.getName())) {
                    lon = e.getTextNormalize();
                }
            }
        }
        if (lat == null && lon == null) {
            return null;
        }
        return pair((lat == null ? "" : lat) + " " + (lon == null ? "" : lon), entryLabel, warnings);
    }

    /** "lat lon" (GeoRSS order: latitude first), whitespace separated; a comma is tolerated. */
    private static Geo pair(String text, String entryLabel, List<String> warnings) {
        String[] parts = text.strip().split("[\\s,]+");
        if (parts.length != 2) {
            warnings.add(entryLabel + ": geo point '" + clip(text) + "' is not 'lat lon'; dropped");
            return null;
        }
        try {
            double lat = Double.parseDouble(parts[0]);
            double lon = Double.parseDouble(parts[1]);
            if (!Geo.valid(lat, lon)) {
                warnings.add(entryLabel + ": geo point " + lat + " " + lon + " is out of range; dropped");
                return null;
            }
            return new Geo(lat, lon);
        } catch (NumberFormatException e) {
            warnings.add(entryLabel + ": geo point '" + clip(text) + "' is not numeric; dropped");
            return null;
        }
    }

    private static Element find(Element root, String ns, String name) {
        for (Element c : root.getDescendants(new org.jdom2.filter.ElementFilter(name))) {
            if (ns.equals(c.getNamespaceURI())) {
                return c;
            }
        }
        return null;
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
