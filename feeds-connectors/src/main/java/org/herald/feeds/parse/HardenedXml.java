package org.herald.feeds.parse;

import com.rometools.rome.io.WireFeedInput;
import com.rometools.rome.io.impl.XmlFixerReader;
import java.io.IOException;
import java.io.StringReader;
import org.jdom2.Document;
import org.jdom2.JDOMException;

/**
 * Builds the JDOM document with Rome's own hardened SAX builder: DOCTYPE declarations refused, external general and
 * parameter entities and external DTDs off, an empty entity resolver (so an XXE or billion-laughs document fails
 * here and nothing is ever fetched). We never call setAllowDoctypes(true). Rome's "XML healer" (XmlFixerReader) still
 * maps HTML entities such as &amp;nbsp; and skips leading junk, as Rome would when given a Reader.
 */
final class HardenedXml {
    /** Only here to reach Rome's protected builder factory; the defaults are left as they are. */
    private static final class Input extends WireFeedInput {
        com.rometools.rome.io.SAXBuilder builder() {
            return createSAXBuilder();
        }
    }

    private HardenedXml() {
    }

    static Document parse(String text) throws FeedParseException {
        try {
            return new Input().builder().build(new XmlFixerReader(new StringReader(text)));
        } catch (JDOMException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("DOCTYPE")) {
                throw new FeedParseException("document type declarations (DOCTYPE) are refused for safety", e);
            }
            throw new FeedParseException("not well-formed XML: " + msg, e);
        } catch (IOException e) {
            throw new FeedParseException("unreadable XML: " + e.getMessage(), e);
        }
    }
}
