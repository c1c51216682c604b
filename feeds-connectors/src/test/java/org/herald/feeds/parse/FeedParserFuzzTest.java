package org.herald.feeds.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.herald.feeds.cursor.EntryIdentity;
import org.herald.feeds.normalise.AtomPayload;
import org.herald.feeds.normalise.FeedEntry;
import org.herald.feeds.normalise.Geo;

/**
 * Fuzzes the feed-parsing wrapper around Rome and Jackson (docs/fuzzing.md in the service): arbitrary bytes become
 * a {@link ParsedFeed} or a {@link FeedParseException}. Properties: nothing else escapes; a refusal caused by a
 * RuntimeException thrown in this library's own code is a bug (one from Rome or Jackson is contained on purpose);
 * a document with a DOCTYPE is never parsed; every entry makes a well-formed Atom payload and an identity.
 */
class FeedParserFuzzTest {
    /** Chosen by a hash of the input, so that a finding replays exactly. */
    private static final List<String> CONTENT_TYPES = List.of("application/rss+xml", "application/atom+xml; charset=utf-8",
            "application/feed+json", "text/xml; charset=iso-8859-1", "");
    private static final URI BASE = URI.create("https://feeds.example.org/dir/feed.xml");
    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    @FuzzTest(maxDuration = "10s")
    void parse(byte[] input) throws XMLStreamException {
        String contentType = CONTENT_TYPES.get(Math.floorMod(Arrays.hashCode(input), CONTENT_TYPES.size()));
        ParsedFeed feed;
        try {
            feed = new FeedParser().parse(input, contentType.isEmpty() ? null : contentType, BASE);
        } catch (FeedParseException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException && cause.getStackTrace().length > 0) {
                assertThat(cause.getStackTrace()[0].getClassName()).as("thrown by our own code: %s", cause)
                        .doesNotStartWith("org.herald.feeds");
            }
            return;
        }
        assertThat(feed.format()).isNotNull();
        if (!feed.format().startsWith("json")) {
            assertThat(startsWithDoctype(new String(input, StandardCharsets.ISO_8859_1)))
                    .as("a document with a DOCTYPE was parsed").isFalse();
        }
        for (FeedEntry entry : feed.entries()) {
            if (entry.geo() != null) assertThat(Geo.valid(entry.geo().lat(), entry.geo().lon())).isTrue();
            EntryIdentity.key(entry);
            EntryIdentity.itemId(entry);
            EntryIdentity.contentHash(entry);
            wellFormed(AtomPayload.of(entry));
        }
    }

    private static void wellFormed(String xml) throws XMLStreamException {
        XMLStreamReader r = XML.createXMLStreamReader(new StringReader(xml));
        while (r.hasNext()) r.next();
    }

    /** Whether the prolog (after a BOM, whitespace, the declaration, comments and PIs) holds a DOCTYPE. */
    static boolean startsWithDoctype(String text) {
        String s = text.replace("\u0000", "");
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '\u00ef' || c == '\u00bb' || c == '\u00bf' || c == '\uFEFF' || c == '\u00fe' || c == '\u00ff') {
                i++;
            } else if (s.startsWith("<?", i)) {
                int end = s.indexOf("?>", i);
                if (end < 0) return false;
                i = end + 2;
            } else if (s.startsWith("<!--", i)) {
                int end = s.indexOf("-->", i);
                if (end < 0) return false;
                i = end + 3;
            } else {
                return s.regionMatches(true, i, "<!DOCTYPE", 0, 9);
            }
        }
        return false;
    }
}
