package org.herald.http.feed;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Reads an XEP-0080 {@code <geoloc/>} element: its position (§4 lat/lon) and a label for people (text, description, locality). */
final class GeolocReader {
    /** @param point null when lat/lon are missing or invalid; @param label null when the element names none */
    record Geoloc(GeoPoint point, String label) {
    }

    private GeolocReader() {
    }

    static boolean isGeoloc(XMLStreamReader r) {
        return GeoPoint.GEOLOC_NS.equals(r.getNamespaceURI()) && "geoloc".equals(r.getLocalName());
    }

    /** Reads from the geoloc start element to its end element. */
    static Geoloc read(XMLStreamReader r) throws XMLStreamException {
        String lat = null, lon = null, text = null, description = null, locality = null;
        while (r.next() != XMLStreamConstants.END_ELEMENT) {
            if (r.getEventType() != XMLStreamConstants.START_ELEMENT) continue;
            String name = r.getLocalName();
            String value = PayloadXml.text(r);
            switch (name) {
                case "lat" -> lat = value;
                case "lon" -> lon = value;
                case "text" -> text = value;
                case "description" -> description = value;
                case "locality" -> locality = value;
                default -> {
                    // other XEP-0080 fields (alt, accuracy, street, ...) are kept in the payload itself
                }
            }
        }
        String label = firstNonBlank(text, description, locality);
        return new Geoloc(GeoPoint.of(lat, lon), label);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) return v.trim();
        }
        return null;
    }
}
