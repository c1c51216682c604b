package org.herald.xmpp.stanza;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * A non-blocking push parser for an XMPP stream (RFC 6120 §4): feed it TCP chunks as they arrive, it reports
 * the stream header, every complete first-level element and the stream end to a {@link StreamListener}.
 *
 * <p>Safety: a first-level element larger than {@code maxStanzaBytes} ends the stream with {@code policy-violation}
 * (RFC 6120 §4.9.3.12) before it is buffered whole. A stanza nested deeper than {@code maxDepth} is read to its end
 * without being built and reported through {@link StreamListener#stanzaTooDeep}: the server passes clients' deep
 * payloads, and one of them must not end the stream for everyone (in a fragment it is an error). DTDs,
 * comments, processing instructions and non-predefined entity references end it with {@code restricted-xml}
 * (RFC 6120 §11.1) and nothing is ever expanded. After the first error the parser ignores further input.
 *
 * <p>Not thread-safe: feed it from one thread at a time (the connection's event loop).
 */
public final class StreamParser {
    public static final int DEFAULT_MAX_STANZA_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_DEPTH = 64;

    private static final AsyncXMLInputFactory FACTORY = newFactory();

    private final StreamListener listener;
    private final int maxStanzaBytes;
    private final int maxDepth;
    /** In fragment mode the root itself is the reported element; in stream mode its children are. */
    private final boolean fragment;
    private final AsyncXMLStreamReader<AsyncByteArrayFeeder> reader;
    private final RestrictedXmlGuard guard = new RestrictedXmlGuard();
    private final TreeBuilder tree = new TreeBuilder();

    private int depth;
    private long bytesFed;
    /** Byte offset where the unit now being read (header, stanza, whitespace) began; the size limit counts from it. */
    private long unitStart;
    private boolean stopped;
    /** The outermost element of the stanza being read (no children); kept to answer a stanza too deep to build. */
    private XmlElement stanzaHead;
    /** True while the rest of a too-deep stanza is read past, counting depth only. */
    private boolean skipping;

    public StreamParser(StreamListener listener) {
        this(listener, DEFAULT_MAX_STANZA_BYTES, DEFAULT_MAX_DEPTH);
    }

    public StreamParser(StreamListener listener, int maxStanzaBytes, int maxDepth) {
        this(listener, maxStanzaBytes, maxDepth, false);
    }

    private StreamParser(StreamListener listener, int maxStanzaBytes, int maxDepth, boolean fragment) {
        if (maxStanzaBytes <= 0 || maxDepth <= 0) throw new IllegalArgumentException("limits must be positive");
        this.listener = listener;
        this.maxStanzaBytes = maxStanzaBytes;
        this.maxDepth = maxDepth;
        this.fragment = fragment;
        this.reader = FACTORY.createAsyncForByteArray();
    }

    private static AsyncXMLInputFactory newFactory() {
        AsyncXMLInputFactory f = new InputFactoryImpl();
        // RFC 6120 §11.1: no DTDs and no entities beyond the predefined ones; never resolve anything external.
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        // Unexpanded references surface as ENTITY_REFERENCE events, which we reject.
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        return f;
    }

    /**
     * Parses one small XML document into an element with the same limits and rules as a stream.
     *
     * @throws StreamErrorException when the document is not well-formed, restricted or over a limit
     */
    public static XmlElement parseFragment(String xml) {
        return parseFragment(xml, DEFAULT_MAX_STANZA_BYTES, DEFAULT_MAX_DEPTH);
    }

    public static XmlElement parseFragment(String xml, int maxBytes, int maxDepth) {
        FragmentCollector collector = new FragmentCollector();
        StreamParser parser = new StreamParser(collector, maxBytes, maxDepth, true);
        parser.feed(xml.getBytes(StandardCharsets.UTF_8));
        parser.endOfInput();
        return collector.result();
    }

    public void feed(Buffer buffer) {
        feed(buffer.getBytes());
    }

    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    /** Parses a chunk; the array must not be changed until this returns. */
    public void feed(byte[] data, int offset, int length) {
        if (stopped || length == 0) return;
        int forbidden = guard.scan(data, offset, length);
        // Parse what precedes a DTD so that stanzas before it are still delivered in order.
        int usable = forbidden < 0 ? length : forbidden - offset;
        try {
            if (usable > 0) {
                reader.getInputFeeder().feedInput(data, offset, usable);
                bytesFed += usable;
                drain();
            }
            if (stopped) return;
            if (forbidden >= 0) {
                throw new StreamErrorException(guard.condition(), guard.detail());
            }
            if (bytesFed - unitStart > maxStanzaBytes) {
                throw new StreamErrorException(StreamErrorException.POLICY_VIOLATION,
                        "element larger than " + maxStanzaBytes + " bytes");
            }
        } catch (StreamErrorException e) {
            fail(e.condition(), e.getMessage());
        } catch (XMLStreamException | RuntimeException e) {
            fail(StreamErrorException.NOT_WELL_FORMED, String.valueOf(e.getMessage()));
        }
    }

    /** Tells the parser no more input will come; an unfinished document is then an error. */
    public void endOfInput() {
        if (stopped) return;
        reader.getInputFeeder().endOfInput();
        try {
            drain();
            if (!stopped && (depth > 0 || tree.isOpen())) {
                fail(StreamErrorException.NOT_WELL_FORMED, "input ended inside an element");
            }
        } catch (StreamErrorException e) {
            fail(e.condition(), e.getMessage());
        } catch (XMLStreamException | RuntimeException e) {
            fail(StreamErrorException.NOT_WELL_FORMED, String.valueOf(e.getMessage()));
        }
        stopped = true;
    }

    /** Stops reporting anything, e.g. because the owner is closing the connection. */
    public void stop() {
        stopped = true;
    }

    private void fail(String condition, String detail) {
        if (stopped) return;
        stopped = true;
        listener.streamError(condition, detail);
    }

    private void drain() throws XMLStreamException {
        int event;
        while (!stopped && (event = reader.next()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> startElement();
                case XMLStreamConstants.END_ELEMENT -> endElement();
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text();
                case XMLStreamConstants.DTD -> restricted("DTD");
                case XMLStreamConstants.COMMENT -> restricted("comment");
                case XMLStreamConstants.PROCESSING_INSTRUCTION -> restricted("processing instruction");
                case XMLStreamConstants.ENTITY_REFERENCE -> restricted("entity reference &" + reader.getLocalName() + ";");
                case XMLStreamConstants.END_DOCUMENT -> stopped = true;
                default -> {
                    // START_DOCUMENT (the XML declaration, allowed by RFC 6120 §11.5) and the like.
                }
            }
            checkSize();
        }
    }

    private static void restricted(String what) {
        throw new StreamErrorException(StreamErrorException.RESTRICTED_XML, what + " not allowed (RFC 6120 §11.1)");
    }

    private void checkSize() throws XMLStreamException {
        if (reader.getLocationInfo().getEndingByteOffset() - unitStart > maxStanzaBytes) {
            throw new StreamErrorException(StreamErrorException.POLICY_VIOLATION,
                    "element larger than " + maxStanzaBytes + " bytes");
        }
    }

    private long currentEnd() throws XMLStreamException {
        return reader.getLocationInfo().getEndingByteOffset();
    }

    private void startElement() throws XMLStreamException {
        if (!fragment && depth == 0) {
            openStream();
            return;
        }
        depth++;
        if (skipping) return;
        int nesting = fragment ? depth : depth - 1;
        if (nesting > maxDepth) {
            if (fragment) throw new StreamErrorException(StreamErrorException.POLICY_VIOLATION, "nested deeper than " + maxDepth);
            skipping = true;
            tree.clear();
            return;
        }
        Map<String, String> attributes = attributes();
        if (nesting == 1 && !fragment) {
            XmlElement.Builder head = XmlElement.builder(reader.getLocalName(), reader.getNamespaceURI());
            attributes.forEach(head::attr);
            stanzaHead = head.build();
        }
        tree.start(reader.getLocalName(), reader.getNamespaceURI(), attributes);
    }

    private void openStream() throws XMLStreamException {
        // RFC 6120 §4.9.3.10: the root must be <stream> qualified by the streams namespace.
        if (!"stream".equals(reader.getLocalName()) || !Namespaces.STREAMS.equals(reader.getNamespaceURI())) {
            throw new StreamErrorException(StreamErrorException.INVALID_NAMESPACE,
                    "root element is not stream:stream");
        }
        depth = 1;
        String defaultNs = null;
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            String prefix = reader.getNamespacePrefix(i);
            if (prefix == null || prefix.isEmpty()) defaultNs = reader.getNamespaceURI(i);
        }
        unitStart = currentEnd();
        listener.streamOpened(new StreamHeader(attributes(), defaultNs));
    }

    private Map<String, String> attributes() {
        int n = reader.getAttributeCount();
        if (n == 0) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String prefix = reader.getAttributePrefix(i);
            String local = reader.getAttributeLocalName(i);
            String key;
            if (prefix == null || prefix.isEmpty()) key = local;
            else if ("xml".equals(prefix)) key = "xml:" + local; // bound by definition (Namespaces in XML §3)
            // Other prefixes are declared somewhere in the document, and the declaration is not kept: the
            // attribute is known by its namespace, so that XmlElement can declare one when it writes it
            // (found by StreamParserFuzzTest: "x:attr" was written without its xmlns:x, unparseable XML).
            else key = "{" + reader.getAttributeNamespace(i) + "}" + local;
            out.put(key, xmlChars(reader.getAttributeValue(i)));
        }
        return out;
    }

    /**
     * XML 1.0 §2.2 (RFC 6120 §11.6): a parsed value holds only XML Chars. Aalto decodes an overlong UTF-8 form such as
     * C0 92 to the control character U+0012 without complaint (found by StreamParserFuzzTest: the stanza written
     * back carried U+FFFD instead and re-parsed to another tree); the stream is refused as not-well-formed, as a
     * plain invalid byte is.
     */
    private static String xmlChars(String value) {
        int at = org.herald.domain.XmlChars.indexOfForbidden(value);
        if (at >= 0) {
            throw new StreamErrorException(StreamErrorException.NOT_WELL_FORMED,
                    String.format("character U+%04X is not allowed in XML", (int) value.charAt(at)));
        }
        return value;
    }

    private void endElement() throws XMLStreamException {
        if (!fragment && depth == 1) {
            depth = 0;
            stopped = true; // RFC 6120 §4.4: nothing may follow the closing tag
            listener.streamClosed();
            return;
        }
        depth--;
        if (skipping) {
            if (depth > 1) return;
            skipping = false;
            unitStart = currentEnd();
            listener.stanzaTooDeep(stanzaHead, "nested deeper than " + maxDepth);
            return;
        }
        XmlElement done = tree.end();
        if (done != null) {
            unitStart = currentEnd();
            listener.stanza(done);
        }
    }

    private void text() throws XMLStreamException {
        if (skipping) return;
        if (tree.isOpen()) {
            tree.text(xmlChars(reader.getText()));
            return;
        }
        if (!fragment && depth == 1 && !reader.isWhiteSpace()) {
            // Only whitespace (keepalives, RFC 6120 §4.6.1) may sit between stanzas.
            throw new StreamErrorException(StreamErrorException.BAD_FORMAT, "text directly inside the stream");
        }
        unitStart = currentEnd();
    }

    /** Keeps the single element of a fragment, or the first error. */
    private static final class FragmentCollector implements StreamListener {
        private final List<XmlElement> elements = new ArrayList<>(1);
        private StreamErrorException error;

        @Override
        public void streamOpened(StreamHeader header) {
        }

        @Override
        public void stanza(XmlElement stanza) {
            elements.add(stanza);
        }

        @Override
        public void streamClosed() {
        }

        @Override
        public void stanzaTooDeep(XmlElement outermost, String detail) {
            throw new IllegalStateException("a fragment fails on depth instead"); // fragment mode never skips
        }

        @Override
        public void streamError(String condition, String detail) {
            if (error == null) error = new StreamErrorException(condition, detail);
        }

        XmlElement result() {
            if (error != null) throw error;
            if (elements.size() != 1) {
                throw new StreamErrorException(StreamErrorException.NOT_WELL_FORMED, "expected exactly one root element");
            }
            return elements.get(0);
        }
    }
}
