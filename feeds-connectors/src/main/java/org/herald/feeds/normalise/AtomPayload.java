package org.herald.feeds.normalise;

import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * One feed entry as an Atom &lt;entry&gt; (RFC 4287 §4.1.2), the payload shape of XEP-0277 §3 microblogging, with the
 * point as XEP-0080 &lt;geoloc&gt; inside when known. Written with a StAX writer, which escapes text and attributes;
 * characters XML 1.0 §2.2 forbids (most C0 controls, lone surrogates, U+FFFE/FFFF) are removed first, so the result
 * is always well-formed whatever the feed contained.
 */
public final class AtomPayload {
    static final String ATOM = "http://www.w3.org/2005/Atom";
    static final String GEOLOC = "http://jabber.org/protocol/geoloc";
    private static final XMLOutputFactory OUT = XMLOutputFactory.newFactory();

    private AtomPayload() {
    }

    public static String of(FeedEntry e) {
        StringWriter sw = new StringWriter();
        try {
            XMLStreamWriter w = OUT.createXMLStreamWriter(sw);
            w.setDefaultNamespace(ATOM);
            w.writeStartElement(ATOM, "entry");
            w.writeDefaultNamespace(ATOM);
            text(w, "id", e.guid() != null ? e.guid() : e.link());
            text(w, "title", e.title() != null ? e.title() : "");
            if (e.link() != null) {
                w.writeEmptyElement(ATOM, "link");
                w.writeAttribute("rel", "alternate");
                w.writeAttribute("href", XmlChars.strip(e.link()));
            }
            date(w, "published", e.published());
            date(w, "updated", e.updated() != null ? e.updated() : e.published());
            for (String a : e.authors()) {
                w.writeStartElement(ATOM, "author");
                text(w, "name", a);
                w.writeEndElement();
            }
            String kind = atomType(e.contentType());
            typed(w, "summary", e.summary(), kind);
            typed(w, "content", e.content(), kind);
            for (String c : e.categories()) {
                w.writeEmptyElement(ATOM, "category");
                w.writeAttribute("term", XmlChars.strip(c));
            }
            if (e.geo() != null) {
                // XEP-0080 §4: lat/lon in decimal degrees, WGS84.
                w.writeStartElement("geoloc");
                w.writeDefaultNamespace(GEOLOC);
                w.writeStartElement("lat");
                w.writeCharacters(Double.toString(e.geo().lat()));
                w.writeEndElement();
                w.writeStartElement("lon");
                w.writeCharacters(Double.toString(e.geo().lon()));
                w.writeEndElement();
                w.writeEndElement();
                w.setDefaultNamespace(ATOM);
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException ex) {
            throw new IllegalStateException("cannot serialise an Atom entry", ex);
        }
        return sw.toString();
    }

    /**
     * XHTML content would need to be a parsed &lt;div&gt;; we carry it escaped as "html" instead, which every Atom
     * reader accepts (RFC 4287 §3.1.1.2) and which cannot break the payload.
     */
    private static String atomType(String contentType) {
        return "text".equals(contentType) ? "text" : "html";
    }

    private static void typed(XMLStreamWriter w, String name, String value, String type) throws XMLStreamException {
        if (value == null) {
            return;
        }
        w.writeStartElement(ATOM, name);
        w.writeAttribute("type", type);
        w.writeCharacters(XmlChars.strip(value));
        w.writeEndElement();
    }

    private static void text(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        if (value == null) {
            return;
        }
        w.writeStartElement(ATOM, name);
        w.writeCharacters(XmlChars.strip(value));
        w.writeEndElement();
    }

    private static void date(XMLStreamWriter w, String name, Instant i) throws XMLStreamException {
        if (i != null) {
            text(w, name, DateTimeFormatter.ISO_INSTANT.format(i));
        }
    }
}
