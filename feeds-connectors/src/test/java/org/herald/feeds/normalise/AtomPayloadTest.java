package org.herald.feeds.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class AtomPayloadTest {
    private static Document dom(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document d, String ns, String name) {
        return d.getElementsByTagNameNS(ns, name).item(0).getTextContent();
    }

    @Test
    void entryCarriesTheXep0277FieldsAndGeoloc() throws Exception {
        FeedEntry e = new FeedEntry("urn:1", "https://x/1", "T", "S", "<p>C</p>", "html",
                Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-02T00:00:00Z"), List.of("Ann"),
                List.of("news"), new Geo(45.5, -71.25));
        Document d = dom(AtomPayload.of(e));
        Element root = d.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("entry");
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2005/Atom");
        assertThat(text(d, AtomPayload.ATOM, "id")).isEqualTo("urn:1");
        assertThat(text(d, AtomPayload.ATOM, "title")).isEqualTo("T");
        Element link = (Element) d.getElementsByTagNameNS(AtomPayload.ATOM, "link").item(0);
        assertThat(link.getAttribute("rel")).isEqualTo("alternate");
        assertThat(link.getAttribute("href")).isEqualTo("https://x/1");
        assertThat(text(d, AtomPayload.ATOM, "published")).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(text(d, AtomPayload.ATOM, "updated")).isEqualTo("2024-01-02T00:00:00Z");
        assertThat(text(d, AtomPayload.ATOM, "name")).isEqualTo("Ann");
        Element content = (Element) d.getElementsByTagNameNS(AtomPayload.ATOM, "content").item(0);
        assertThat(content.getAttribute("type")).isEqualTo("html");
        assertThat(content.getTextContent()).isEqualTo("<p>C</p>");
        assertThat(((Element) d.getElementsByTagNameNS(AtomPayload.ATOM, "category").item(0)).getAttribute("term"))
                .isEqualTo("news");
        Element geoloc = (Element) d.getElementsByTagNameNS(AtomPayload.GEOLOC, "geoloc").item(0);
        assertThat(geoloc.getParentNode()).isSameAs(root);
        assertThat(text(d, AtomPayload.GEOLOC, "lat")).isEqualTo("45.5");
        assertThat(text(d, AtomPayload.GEOLOC, "lon")).isEqualTo("-71.25");
    }

    @Test
    void hostileTextStaysTextAndTheEntryIsAlwaysWellFormed() throws Exception {
        String astral = "\uD83D\uDE00 \uD835\uDD4F";
        String hostile = "<script>alert(1)</script> ]]> &amp; \"q\" 'a' \u0000\u0001\u0008\u000B\u001F\uFFFE "
                + "\uD800 lone " + astral;
        FeedEntry e = new FeedEntry(hostile, "https://x/?a=1&b=\"2\"<", hostile, hostile, hostile, "text", null,
                null, List.of(hostile), List.of(hostile), null);
        String xml = AtomPayload.of(e);
        Document d = dom(xml);
        String expected = "<script>alert(1)</script> ]]> &amp; \"q\" 'a'   lone " + astral;
        assertThat(text(d, AtomPayload.ATOM, "title")).isEqualTo(expected);
        assertThat(text(d, AtomPayload.ATOM, "content")).isEqualTo(expected);
        assertThat(((Element) d.getElementsByTagNameNS(AtomPayload.ATOM, "link").item(0)).getAttribute("href"))
                .isEqualTo("https://x/?a=1&b=\"2\"<");
        assertThat(d.getElementsByTagName("script").getLength()).isZero();
        assertThat(d.getElementsByTagNameNS(AtomPayload.GEOLOC, "geoloc").getLength()).isZero();
    }

    @Test
    void minimalEntryStillHasIdAndTitle() throws Exception {
        FeedEntry e = new FeedEntry(null, "https://x/2", null, null, null, "text", null, null, null, null, null);
        Document d = dom(AtomPayload.of(e));
        assertThat(text(d, AtomPayload.ATOM, "id")).isEqualTo("https://x/2");
        assertThat(text(d, AtomPayload.ATOM, "title")).isEmpty();
    }
}
