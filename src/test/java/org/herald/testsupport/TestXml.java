package org.herald.testsupport;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.herald.xmpp.stanza.XmlElement;
import org.herald.xmpp.stanza.XmlNode;
import org.herald.xmpp.stanza.XmlText;

/**
 * Test-only: turns literal XML (e.g. a XEP example) into an {@link XmlElement} with the JDK's own StAX parser,
 * DTDs and external entities disabled. Indentation is dropped: whitespace-only text next to child elements
 * is not kept, so pretty-printed examples compare equal to compact output.
 */
public final class TestXml {
    private TestXml() {
    }

    private static final XMLInputFactory FACTORY = XMLInputFactory.newDefaultFactory();

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        FACTORY.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        FACTORY.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    /** Parses one element. */
    public static XmlElement parse(String xml) {
        try {
            XMLStreamReader r = FACTORY.createXMLStreamReader(new StringReader(xml));
            try {
                return read(r);
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("not well-formed: " + e.getMessage(), e);
        }
    }

    /**
     * Parses an element as if it arrived on a stream whose default namespace is {@code namespace}: an
     * unqualified {@code <iq>} from a XEP example becomes one in, say, jabber:component:accept.
     */
    public static XmlElement parseIn(String namespace, String xml) {
        return parse("<wrapper xmlns='" + namespace + "'>" + xml + "</wrapper>").firstChild();
    }

    private static final class Open {
        final XmlElement.Builder builder;
        final List<XmlNode> content = new ArrayList<>();

        Open(XmlElement.Builder builder) {
            this.builder = builder;
        }

        XmlElement close() {
            boolean hasElements = content.stream().anyMatch(n -> n instanceof XmlElement);
            for (XmlNode n : content) {
                if (hasElements && n instanceof XmlText t && t.text().isBlank()) continue;
                builder.child(n);
            }
            return builder.build();
        }
    }

    private static XmlElement read(XMLStreamReader r) throws XMLStreamException {
        Deque<Open> stack = new ArrayDeque<>();
        while (r.hasNext()) {
            switch (r.next()) {
                case XMLStreamConstants.START_ELEMENT -> {
                    String ns = r.getNamespaceURI();
                    XmlElement.Builder b = XmlElement.builder(r.getLocalName(), ns == null ? "" : ns);
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        String prefix = r.getAttributePrefix(i);
                        String name = prefix == null || prefix.isEmpty()
                                ? r.getAttributeLocalName(i) : prefix + ":" + r.getAttributeLocalName(i);
                        b.attr(name, r.getAttributeValue(i));
                    }
                    stack.push(new Open(b));
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (!stack.isEmpty()) stack.peek().content.add(new XmlText(r.getText()));
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    XmlElement done = stack.pop().close();
                    if (stack.isEmpty()) return done;
                    stack.peek().content.add(done);
                }
                default -> {
                    // comments, processing instructions: not part of a stanza tree
                }
            }
        }
        throw new IllegalArgumentException("no element");
    }
}
