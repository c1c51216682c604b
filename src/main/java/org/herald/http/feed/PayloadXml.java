package org.herald.http.feed;

import java.io.StringReader;
import java.io.StringWriter;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/**
 * Reading stored payloads for feeds: a reader that refuses DTDs and external entities (as every XML reader in
 * Herald), the text of an element, and an element's content written back out as markup.
 */
final class PayloadXml {
    static final String XHTML_NS = "http://www.w3.org/1999/xhtml";

    private static final XMLInputFactory IN = inputFactory();
    private static final XMLOutputFactory OUT = outputFactory();

    private PayloadXml() {
    }

    /** A reader positioned on the payload's root element. */
    static XMLStreamReader open(String xml) throws XMLStreamException {
        XMLStreamReader r = IN.createXMLStreamReader(new StringReader(xml));
        for (int e = r.next(); e != XMLStreamConstants.START_ELEMENT; e = r.next()) {
            if (e == XMLStreamConstants.DTD) throw new XMLStreamException("a payload has no DTD");
        }
        return r;
    }

    /** Whether the whole payload is one well-formed element, so it can be embedded in a feed as markup. */
    static boolean wellFormed(String xml) {
        try {
            XMLStreamReader r = open(xml);
            try {
                while (r.hasNext()) {
                    if (r.next() == XMLStreamConstants.DTD) return false;
                }
                return true;
            } finally {
                r.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            return false;
        }
    }

    /** The concatenated text below the current start element; leaves the reader on its end element. */
    static String text(XMLStreamReader r) throws XMLStreamException {
        StringBuilder b = new StringBuilder();
        int depth = 1;
        while (depth > 0) {
            int e = r.next();
            if (e == XMLStreamConstants.START_ELEMENT) depth++;
            else if (e == XMLStreamConstants.END_ELEMENT) depth--;
            else if (e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA || e == XMLStreamConstants.SPACE) {
                b.append(r.getText());
            }
        }
        return b.toString();
    }

    /** Skips the current start element's subtree; leaves the reader on its end element. */
    static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int e = r.next();
            if (e == XMLStreamConstants.START_ELEMENT) depth++;
            else if (e == XMLStreamConstants.END_ELEMENT) depth--;
        }
    }

    /**
     * The content of the current start element (its children and text) as markup; leaves the reader on its end
     * element. With {@code xhtmlAsHtml}, XHTML elements are written without their namespace (RFC 4287 §3.1.1.3:
     * xhtml content is the content of a div; feeds and HTML readers take it as HTML).
     */
    static String inner(XMLStreamReader r, boolean xhtmlAsHtml) throws XMLStreamException {
        StringWriter out = new StringWriter();
        XMLStreamWriter w = OUT.createXMLStreamWriter(out);
        int depth = 1;
        while (true) {
            int e = r.next();
            switch (e) {
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    String ns = r.getNamespaceURI();
                    if (ns == null || ns.isEmpty() || (xhtmlAsHtml && XHTML_NS.equals(ns))) {
                        w.writeStartElement(r.getLocalName());
                    } else {
                        String prefix = r.getPrefix() == null ? "" : r.getPrefix();
                        w.writeStartElement(prefix, r.getLocalName(), ns);
                        // a repairing writer declares the element's namespace where it is not in scope yet
                    }
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        String ans = r.getAttributeNamespace(i);
                        if (ans == null || ans.isEmpty()) {
                            w.writeAttribute(r.getAttributeLocalName(i), XmlText.clean(r.getAttributeValue(i)));
                        } else {
                            String ap = r.getAttributePrefix(i) == null || r.getAttributePrefix(i).isEmpty()
                                    ? "ns" + i : r.getAttributePrefix(i);
                            w.writeAttribute(ap, ans, r.getAttributeLocalName(i), XmlText.clean(r.getAttributeValue(i)));
                        }
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    if (--depth == 0) {
                        w.flush();
                        return out.toString();
                    }
                    w.writeEndElement();
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        w.writeCharacters(XmlText.clean(r.getText()));
                default -> {
                    // comments and processing instructions are not content
                }
            }
        }
    }

    private static XMLInputFactory inputFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    private static XMLOutputFactory outputFactory() {
        XMLOutputFactory f = XMLOutputFactory.newFactory();
        f.setProperty(XMLOutputFactory.IS_REPAIRING_NAMESPACES, true);
        return f;
    }
}
