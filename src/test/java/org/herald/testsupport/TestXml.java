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

    /**
     * Reads the element the Smack parser is positioned on (a start tag) through its end tag, as received:
     * unlike Smack's own {@code PacketParserUtils.parseElement}, prefixed attributes such as {@code xml:lang}
     * keep their prefix. Whitespace-only text next to child elements is dropped, as in {@link #parse}.
     */
    public static XmlElement read(org.jivesoftware.smack.xml.XmlPullParser parser)
            throws java.io.IOException, org.jivesoftware.smack.xml.XmlPullParserException {
        Deque<Open> stack = new ArrayDeque<>();
        org.jivesoftware.smack.xml.XmlPullParser.Event event = parser.getEventType();
        while (true) {
            switch (event) {
                case START_ELEMENT -> {
                    String ns = parser.getNamespace();
                    XmlElement.Builder b = XmlElement.builder(parser.getName(), ns == null ? "" : ns);
                    for (int i = 0; i < parser.getAttributeCount(); i++) {
                        String prefix = parser.getAttributePrefix(i);
                        String name = prefix == null || prefix.isEmpty()
                                ? parser.getAttributeName(i) : prefix + ":" + parser.getAttributeName(i);
                        b.attr(name, parser.getAttributeValue(i));
                    }
                    stack.push(new Open(b));
                }
                case TEXT_CHARACTERS, ENTITY_REFERENCE, IGNORABLE_WHITESPACE -> {
                    if (!stack.isEmpty()) stack.peek().append(parser.getText());
                }
                case END_ELEMENT -> {
                    XmlElement done = stack.pop().close();
                    if (stack.isEmpty()) return done;
                    stack.peek().content.add(done);
                }
                case END_DOCUMENT -> throw new IllegalArgumentException("element not closed");
                default -> {
                    // comments, processing instructions: not part of a stanza tree
                }
            }
            event = parser.next();
        }
    }

    private static final class Open {
        final XmlElement.Builder builder;
        final List<XmlNode> content = new ArrayList<>();

        Open(XmlElement.Builder builder) {
            this.builder = builder;
        }

        /** Adds text, merging it with text just before (a parser may deliver one run in pieces). */
        void append(String text) {
            if (!content.isEmpty() && content.get(content.size() - 1) instanceof XmlText t) {
                content.set(content.size() - 1, new XmlText(t.text() + text));
            } else {
                content.add(new XmlText(text));
            }
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
                    if (!stack.isEmpty()) stack.peek().append(r.getText());
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
