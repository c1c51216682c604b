package org.herald.geo;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.herald.domain.geo.GeoNames;
import org.herald.domain.geo.Geoloc;
import org.herald.domain.geo.GeolocFields;
import org.herald.domain.geo.Xep0082;
import org.herald.service.port.GeoPayloads;

/**
 * The XML side of XEP-0080: finds the {@code <geoloc/>} of an item payload and hands its element texts to the core
 * (which judges them), and writes canonical geoloc payloads.
 *
 * <p>Where a geoloc is looked for: the payload root itself (XEP-0080 §4.1, the item payload), or a direct child of an
 * Atom {@code <entry/>} root (RFC 4287 §6 extension element: an activity with a place). Nowhere deeper: a geoloc
 * buried in some other vocabulary is that vocabulary's business.
 *
 * <p>Reading is hardened like every XML reader in Herald: no DTD (a payload with one reads as "no geoloc"), no
 * external entities, nothing fetched. It never throws: a malformed payload holds no geoloc.
 */
@ApplicationScoped
public class GeolocXml implements GeoPayloads {
    static final String ATOM_NS = "http://www.w3.org/2005/Atom";

    private static final XMLInputFactory IN = inputFactory();

    @Override
    public Optional<GeolocFields> read(String payloadXml) {
        if (payloadXml == null || payloadXml.isBlank()) return Optional.empty();
        try {
            XMLStreamReader r = IN.createXMLStreamReader(new StringReader(payloadXml));
            try {
                return Optional.ofNullable(find(r));
            } finally {
                r.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            // malformed, a DTD, an undeclared entity: not a geoloc payload
            return Optional.empty();
        }
    }

    private static GeolocFields find(XMLStreamReader r) throws XMLStreamException {
        if (!toRoot(r)) return null;
        GeolocFields found = null;
        if (isGeoloc(r)) {
            found = fields(r);
        } else if ("entry".equals(r.getLocalName()) && ATOM_NS.equals(r.getNamespaceURI())) {
            while (r.hasNext()) {
                int e = next(r);
                if (e == XMLStreamConstants.END_ELEMENT) break; // the entry's end
                if (e != XMLStreamConstants.START_ELEMENT) continue;
                if (found == null && isGeoloc(r)) found = fields(r);
                else skip(r);
            }
        }
        // the rest must be well-formed too: a broken payload holds no geoloc
        while (r.hasNext()) next(r);
        return found;
    }

    /** Moves to the root element; false when there is none. */
    private static boolean toRoot(XMLStreamReader r) throws XMLStreamException {
        while (r.hasNext()) {
            if (next(r) == XMLStreamConstants.START_ELEMENT) return true;
        }
        return false;
    }

    private static boolean isGeoloc(XMLStreamReader r) {
        return "geoloc".equals(r.getLocalName()) && GeoNames.GEOLOC_NS.equals(r.getNamespaceURI());
    }

    /** Reads the children of the current geoloc element; leaves the reader on its end element. */
    private static GeolocFields fields(XMLStreamReader r) throws XMLStreamException {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> repeated = new LinkedHashSet<>();
        Set<String> nested = new LinkedHashSet<>();
        while (true) {
            int e = next(r);
            if (e == XMLStreamConstants.END_ELEMENT) break;
            if (e != XMLStreamConstants.START_ELEMENT) continue; // text between fields is not data
            String name = name(r);
            StringBuilder text = new StringBuilder();
            boolean hasChildren = false;
            int depth = 1;
            while (depth > 0) {
                int c = next(r);
                if (c == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    hasChildren = true;
                } else if (c == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                } else if (depth == 1 && (c == XMLStreamConstants.CHARACTERS || c == XMLStreamConstants.CDATA
                        || c == XMLStreamConstants.SPACE)) {
                    text.append(r.getText());
                }
            }
            if (hasChildren) nested.add(name);
            if (values.containsKey(name)) repeated.add(name);
            else values.put(name, text.toString().strip());
        }
        return new GeolocFields(values, new ArrayList<>(repeated), new ArrayList<>(nested));
    }

    /**
     * XEP-0080 §3 fields by local name. Elements in no namespace count as fields too (a prefixed {@code <g:geoloc>}
     * with unprefixed children is a common slip, and reading it as empty would turn it into a stop command); any
     * other namespace is someone's extension, kept under {@code {namespace}local} so that the core ignores it but
     * still sees that the geoloc is not empty.
     */
    private static String name(XMLStreamReader r) {
        String ns = r.getNamespaceURI();
        if (ns == null || ns.isEmpty() || GeoNames.GEOLOC_NS.equals(ns)) return r.getLocalName();
        return "{" + ns + "}" + r.getLocalName();
    }

    /** The next event; a DTD or an entity the reader did not expand makes the payload unreadable. */
    private static int next(XMLStreamReader r) throws XMLStreamException {
        int e = r.next();
        if (e == XMLStreamConstants.DTD || e == XMLStreamConstants.ENTITY_REFERENCE) {
            throw new XMLStreamException("a payload has no DTD and no entities of its own");
        }
        return e;
    }

    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int e = next(r);
            if (e == XMLStreamConstants.START_ELEMENT) depth++;
            else if (e == XMLStreamConstants.END_ELEMENT) depth--;
        }
    }

    /**
     * A canonical XEP-0080 payload: the elements in the order of the §11 schema, numbers as xs:decimal (never an
     * exponent), the timestamp in UTC (XEP-0082 §3.2), the label as {@code <text/>}. A reading without a position
     * is the stop command, an empty {@code <geoloc/>} (§4.1), whatever else it carries.
     */
    public static String toXml(Geoloc g) {
        StringBuilder b = new StringBuilder("<geoloc xmlns='").append(GeoNames.GEOLOC_NS).append('\'');
        if (!g.sharing()) return b.append("/>").toString();
        b.append('>');
        decimal(b, "accuracy", g.accuracy());
        decimal(b, "alt", g.alt());
        decimal(b, "bearing", g.bearing());
        decimal(b, "lat", g.lat());
        decimal(b, "lon", g.lon());
        decimal(b, "speed", g.speed());
        if (g.label() != null && !g.label().isBlank()) element(b, "text", g.label());
        if (g.timestamp() != null) element(b, "timestamp", Xep0082.format(g.timestamp()));
        return b.append("</geoloc>").toString();
    }

    private static void decimal(StringBuilder b, String name, Double value) {
        if (value == null) return;
        if (!Double.isFinite(value)) throw new IllegalArgumentException("<" + name + "/> must be finite: " + value);
        element(b, name, plain(value));
    }

    /** xs:decimal lexical form (XML Schema Part 2 §3.2.3.1): Double's shortest digits, no exponent. */
    static String plain(double v) {
        String s = BigDecimal.valueOf(v).toPlainString();
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        }
        return s.equals("-0") ? "0" : s;
    }

    private static void element(StringBuilder b, String name, String text) {
        b.append('<').append(name).append('>');
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                default -> {
                    // XML 1.0 §2.2 Char: other control characters and non-characters cannot be written at all
                    if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                            || c >= 0x10000) {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        b.append("</").append(name).append('>');
    }

    private static XMLInputFactory inputFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }
}
