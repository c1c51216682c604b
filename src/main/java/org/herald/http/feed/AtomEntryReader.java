package org.herald.http.feed;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.herald.http.feed.FeedEntry.Content;
import org.herald.http.feed.FeedEntry.Link;
import org.herald.http.feed.FeedEntry.Person;
import org.herald.http.feed.FeedEntry.Text;
import org.herald.http.json.PayloadKind;

/**
 * Reads the parts of an Atom entry payload (RFC 4287 §4.1.2) that feeds carry on: id, title, summary, content, links,
 * authors, updated, published, and a position (GeoRSS-Simple point or an XEP-0080 geoloc inside the entry).
 * Whatever is missing or malformed is left null for {@link EntryMapper} to fill in.
 */
final class AtomEntryReader {
    private static final String ATOM = PayloadKind.ATOM_NS;

    record Parts(String id, Text title, Text summary, Content content, List<Link> links, List<Person> authors,
                 Instant updated, Instant published, GeoPoint geo, String geoLabel) {
    }

    private AtomEntryReader() {
    }

    /** @param r a reader on the entry's start element */
    static Parts read(XMLStreamReader r) throws XMLStreamException {
        String id = null;
        Text title = null, summary = null;
        Content content = null;
        List<Link> links = new ArrayList<>();
        List<Person> authors = new ArrayList<>();
        Instant updated = null, published = null;
        GeoPoint geo = null;
        String geoLabel = null;
        while (r.next() != XMLStreamConstants.END_ELEMENT) {
            if (r.getEventType() != XMLStreamConstants.START_ELEMENT) continue;
            String ns = r.getNamespaceURI();
            String name = r.getLocalName();
            if (GeolocReader.isGeoloc(r)) {
                GeolocReader.Geoloc g = GeolocReader.read(r);
                if (geo == null) geo = g.point();
                geoLabel = g.label();
            } else if (GeoPoint.GEORSS_NS.equals(ns) && "point".equals(name)) {
                GeoPoint p = GeoPoint.ofGeoRss(PayloadXml.text(r));
                if (p != null) geo = p;
            } else if (!ATOM.equals(ns)) {
                PayloadXml.skip(r); // foreign markup stays in the item itself
            } else {
                switch (name) {
                    case "id" -> id = blankToNull(PayloadXml.text(r));
                    case "title" -> title = text(r);
                    case "summary" -> summary = text(r);
                    case "content" -> content = content(r, links);
                    case "link" -> link(r, links);
                    case "author" -> authors.add(person(r));
                    case "updated" -> updated = instant(PayloadXml.text(r));
                    case "published" -> published = instant(PayloadXml.text(r));
                    default -> PayloadXml.skip(r);
                }
            }
        }
        return new Parts(id, title, summary, content, links, authors, updated, published, geo, geoLabel);
    }

    /** RFC 4287 §3.1: text, html (escaped markup) or xhtml (a div whose content is the markup). */
    private static Text text(XMLStreamReader r) throws XMLStreamException {
        String type = type(r);
        if ("xhtml".equals(type)) return new Text(true, xhtmlDiv(r));
        String value = PayloadXml.text(r);
        return new Text("html".equals(type), XmlText.clean(value));
    }

    /** RFC 4287 §4.1.3: out-of-line content (src) becomes a link; XML media types stay XML. */
    private static Content content(XMLStreamReader r, List<Link> links) throws XMLStreamException {
        String src = r.getAttributeValue(null, "src");
        String type = type(r);
        if (src != null) {
            links.add(new Link(XmlText.clean(src), "alternate", type == null ? null : XmlText.clean(type), null));
            PayloadXml.skip(r);
            return null;
        }
        if (type == null || "text".equals(type)) return new Content(Content.Kind.TEXT, XmlText.clean(PayloadXml.text(r)));
        if ("html".equals(type)) return new Content(Content.Kind.HTML, XmlText.clean(PayloadXml.text(r)));
        if ("xhtml".equals(type)) return new Content(Content.Kind.HTML, xhtmlDiv(r));
        if (type.endsWith("+xml") || type.endsWith("/xml")) return new Content(Content.Kind.XML, PayloadXml.inner(r, false));
        // other media types are base64 (§4.1.3.3 rule 6) or text/*: shown as the text they are
        return new Content(Content.Kind.TEXT, XmlText.clean(PayloadXml.text(r)));
    }

    /** The content of the xhtml div (§3.1.1.3), as HTML. */
    private static String xhtmlDiv(XMLStreamReader r) throws XMLStreamException {
        StringBuilder html = new StringBuilder();
        while (r.next() != XMLStreamConstants.END_ELEMENT) {
            if (r.getEventType() == XMLStreamConstants.START_ELEMENT) {
                if ("div".equals(r.getLocalName()) && PayloadXml.XHTML_NS.equals(r.getNamespaceURI())) {
                    html.append(PayloadXml.inner(r, true));
                } else {
                    PayloadXml.skip(r);
                }
            }
        }
        return html.toString();
    }

    private static void link(XMLStreamReader r, List<Link> links) throws XMLStreamException {
        String href = r.getAttributeValue(null, "href");
        String rel = r.getAttributeValue(null, "rel");
        String type = r.getAttributeValue(null, "type");
        String title = r.getAttributeValue(null, "title");
        PayloadXml.skip(r);
        if (href == null || href.isBlank()) return; // §4.2.7.1: href is required
        links.add(new Link(XmlText.clean(href.trim()), rel == null ? "alternate" : XmlText.clean(rel),
                XmlText.clean(type), XmlText.clean(title)));
    }

    private static Person person(XMLStreamReader r) throws XMLStreamException {
        String name = null, uri = null, email = null;
        while (r.next() != XMLStreamConstants.END_ELEMENT) {
            if (r.getEventType() != XMLStreamConstants.START_ELEMENT) continue;
            String local = r.getLocalName();
            String value = blankToNull(PayloadXml.text(r));
            switch (local) {
                case "name" -> name = value;
                case "uri" -> uri = value;
                case "email" -> email = value;
                default -> {
                }
            }
        }
        return new Person(name == null ? "unknown" : name, uri, email);
    }

    private static String type(XMLStreamReader r) {
        String type = r.getAttributeValue(null, "type");
        return type == null ? null : type.trim().toLowerCase(Locale.ROOT);
    }

    /** RFC 3339 date-time (§3.3); anything else is ignored. */
    static Instant instant(String s) {
        if (s == null) return null;
        try {
            return OffsetDateTime.parse(s.trim()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : XmlText.clean(s.trim());
    }
}
