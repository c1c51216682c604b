package org.herald.http.json;

import java.io.StringReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * What a stored payload is, read from its root element: an XEP-0335 JSON container, an Atom entry, or other XML.
 * Payloads were checked when published; this reader still refuses DTDs and external entities, as every XML reader
 * in Herald does.
 */
public enum PayloadKind {
    JSON("application/json"),
    ATOM("application/atom+xml"),
    XML("application/xml");

    /** XEP-0335 §2: a JSON container element. */
    public static final String JSON_NS = "urn:xmpp:json:0";
    public static final String ATOM_NS = "http://www.w3.org/2005/Atom";

    private static final XMLInputFactory FACTORY = safeFactory();

    private final String mediaType;

    PayloadKind(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The root element's namespace and local name, and for a JSON container its text. */
    public record Root(String namespace, String localName, String text) {
        public PayloadKind kind() {
            if (JSON_NS.equals(namespace) && "json".equals(localName)) return JSON;
            if (ATOM_NS.equals(namespace) && "entry".equals(localName)) return ATOM;
            return XML;
        }
    }

    /** Reads the root of a serialised payload; throws IllegalArgumentException when it is not well-formed XML. */
    public static Root root(String xml) {
        try {
            XMLStreamReader r = FACTORY.createXMLStreamReader(new StringReader(xml));
            try {
                for (int event = r.next(); event != XMLStreamConstants.START_ELEMENT; event = r.next()) {
                    if (event == XMLStreamConstants.DTD) throw new IllegalArgumentException("a payload has no DTD");
                }
                String ns = r.getNamespaceURI();
                String local = r.getLocalName();
                String text = null;
                if (JSON_NS.equals(ns) && "json".equals(local)) text = r.getElementText();
                return new Root(ns == null ? "" : ns, local, text);
            } finally {
                r.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw new IllegalArgumentException("payload is not well-formed XML", e);
        }
    }

    private static XMLInputFactory safeFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }
}
