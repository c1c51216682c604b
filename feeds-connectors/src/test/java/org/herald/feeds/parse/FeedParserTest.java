package org.herald.feeds.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.herald.feeds.normalise.FeedEntry;
import org.herald.feeds.normalise.Geo;
import org.junit.jupiter.api.Test;

class FeedParserTest {
    private static final URI BASE = URI.create("https://example.org/blog/feed.xml");
    private final FeedParser parser = new FeedParser();

    private ParsedFeed parse(String xml) throws FeedParseException {
        return parser.parse(xml.getBytes(StandardCharsets.UTF_8), "application/rss+xml", BASE);
    }

    @Test
    void rss2WithHubSelfTtlGuidRelativeLinkAndGeo() throws Exception {
        ParsedFeed f = parse("""
                <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"
                     xmlns:georss="http://www.georss.org/georss" xmlns:dc="http://purl.org/dc/elements/1.1/">
                 <channel><title>Blog</title><link>https://example.org/blog/</link><ttl>30</ttl>
                  <atom:link rel="hub" href="https://hub.example.net/"/>
                  <atom:link rel="self" href="https://example.org/blog/feed.xml"/>
                  <item><title>One</title><link>posts/1</link><guid isPermaLink="false">tag:x,2024:1</guid>
                   <description>&lt;p&gt;Hi&lt;/p&gt;</description><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>
                   <category>news</category><dc:creator>Ann</dc:creator>
                   <georss:point>45.256 -71.92</georss:point></item>
                  <item><title>Two</title><link>https://example.org/blog/posts/2</link></item>
                 </channel></rss>""");
        assertThat(f.format()).isEqualTo("rss_2.0");
        assertThat(f.title()).isEqualTo("Blog");
        assertThat(f.hub()).isEqualTo(URI.create("https://hub.example.net/"));
        assertThat(f.self()).isEqualTo(URI.create("https://example.org/blog/feed.xml"));
        assertThat(f.ttlMinutes()).isEqualTo(30);
        FeedEntry one = f.entries().get(0);
        assertThat(one.guid()).isEqualTo("tag:x,2024:1");
        assertThat(one.link()).isEqualTo("https://example.org/blog/posts/1");
        assertThat(one.summary()).isEqualTo("<p>Hi</p>");
        assertThat(one.contentType()).isEqualTo("html");
        assertThat(one.published()).isEqualTo(Instant.parse("2003-06-10T04:00:00Z"));
        assertThat(one.categories()).containsExactly("news");
        assertThat(one.authors()).containsExactly("Ann");
        assertThat(one.geo()).isEqualTo(new Geo(45.256, -71.92));
        FeedEntry two = f.entries().get(1);
        assertThat(two.guid()).as("no <guid>: Rome's link-as-uri is not a guid").isNull();
        assertThat(two.geo()).isNull();
    }

    @Test
    void atom10WithXhtmlContentGmlPosAndW3cGeo() throws Exception {
        ParsedFeed f = parse("""
                <feed xmlns="http://www.w3.org/2005/Atom" xmlns:georss="http://www.georss.org/georss"
                      xmlns:gml="http://www.opengis.net/gml" xmlns:geo="http://www.w3.org/2003/01/geo/wgs84_pos#"
                      xml:base="https://example.com/">
                 <title>A</title><id>urn:a</id><updated>2024-01-02T03:04:05Z</updated>
                 <link rel="self" href="/atom"/>
                 <entry><id>urn:e1</id><title>E1</title><link href="e/1"/><updated>2024-01-02T03:04:05Z</updated>
                  <published>2024-01-01T00:00:00+01:00</published><author><name>Bo</name></author>
                  <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><b>x</b></div></content>
                  <georss:where><gml:Point><gml:pos>-33.5 151.25</gml:pos></gml:Point></georss:where></entry>
                 <entry><id>urn:e2</id><title>E2</title><updated>2024-01-02T03:04:05Z</updated>
                  <geo:Point><geo:lat>10</geo:lat><geo:long>20</geo:long></geo:Point></entry>
                </feed>""");
        assertThat(f.format()).isEqualTo("atom_1.0");
        assertThat(f.self()).isEqualTo(URI.create("https://example.com/atom"));
        FeedEntry e1 = f.entries().get(0);
        assertThat(e1.guid()).isEqualTo("urn:e1");
        assertThat(e1.link()).isEqualTo("https://example.com/e/1");
        assertThat(e1.contentType()).isEqualTo("xhtml");
        assertThat(e1.content()).contains("<b>x</b>");
        assertThat(e1.published()).isEqualTo(Instant.parse("2023-12-31T23:00:00Z"));
        assertThat(e1.updated()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(e1.authors()).containsExactly("Bo");
        assertThat(e1.geo()).isEqualTo(new Geo(-33.5, 151.25));
        assertThat(f.entries().get(1).geo()).isEqualTo(new Geo(10, 20));
    }

    @Test
    void invalidGeoIsDroppedWithAWarningNotAFailure() throws Exception {
        ParsedFeed f = parse("""
                <rss version="2.0" xmlns:georss="http://www.georss.org/georss"
                     xmlns:geo="http://www.w3.org/2003/01/geo/wgs84_pos#"><channel><title>t</title>
                 <item><title>a</title><georss:point>91 10</georss:point></item>
                 <item><title>b</title><georss:point>north</georss:point></item>
                 <item><title>c</title><geo:lat>1</geo:lat><geo:long>181</geo:long></item>
                </channel></rss>""");
        assertThat(f.entries()).hasSize(3).allSatisfy(e -> assertThat(e.geo()).isNull());
        assertThat(f.warnings()).hasSize(3).allSatisfy(w -> assertThat(w).contains("dropped"));
    }

    @Test
    void rss1AndAtom03AndRss091() throws Exception {
        assertThat(parse("""
                <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                   xmlns:dc="http://purl.org/dc/elements/1.1/">
                 <channel rdf:about="https://x/"><title>R</title><link>https://x/</link><description>d</description></channel>
                 <item rdf:about="https://x/1"><title>I</title><link>https://x/1</link><dc:date>2004-02-03</dc:date></item>
                </rdf:RDF>""").entries().get(0))
                .satisfies(e -> assertThat(e.guid()).isEqualTo("https://x/1"))
                .satisfies(e -> assertThat(e.published()).isEqualTo(Instant.parse("2004-02-03T00:00:00Z")));
        assertThat(parse("""
                <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>t</title>
                 <entry><title>x</title><id>tag:1</id><issued>2003-12-13T18:30:02Z</issued></entry></feed>""")
                .format()).isEqualTo("atom_0.3");
        assertThat(parse("<rss version=\"0.91\"><channel><title>t</title><link>https://x/</link><description>d"
                + "</description><language>en</language><item><title>i</title><link>https://x/i</link></item>"
                + "</channel></rss>").entries()).hasSize(1);
    }

    @Test
    void datesRomeCannotReadFallBackToOurFormats() throws Exception {
        ParsedFeed f = parse("""
                <rss version="2.0"><channel><title>t</title>
                 <item><title>a</title><pubDate>2024-05-06 07:08</pubDate></item>
                 <item><title>b</title><pubDate>6 May 2024 07:08 +0200</pubDate></item>
                 <item><title>c</title><pubDate>someday</pubDate></item>
                </channel></rss>""");
        assertThat(f.entries().get(0).published()).isEqualTo(Instant.parse("2024-05-06T07:08:00Z"));
        assertThat(f.entries().get(1).published()).isEqualTo(Instant.parse("2024-05-06T05:08:00Z"));
        assertThat(f.entries().get(2).published()).isNull();
        assertThat(f.warnings()).anyMatch(w -> w.contains("someday"));
    }

    @Test
    void charsetFromBomThenHttpThenDeclarationThenUtf8() throws Exception {
        String doc = "<?xml version='1.0' encoding='iso-8859-1'?><rss version='2.0'><channel><title>caf\u00e9"
                + "</title></channel></rss>";
        byte[] latin1 = doc.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(parser.parse(latin1, "text/xml", BASE).title()).isEqualTo("caf\u00e9");
        byte[] utf8 = doc.getBytes(StandardCharsets.UTF_8);
        assertThat(parser.parse(utf8, "text/xml; charset=UTF-8", BASE).title())
                .as("HTTP charset wins over the declaration").isEqualTo("caf\u00e9");
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        assertThat(parser.parse(bom, "text/xml; charset=iso-8859-1", BASE).title())
                .as("BOM wins over HTTP").isEqualTo("caf\u00e9");
        String plain = "<rss version='2.0'><channel><title>caf\u00e9</title></channel></rss>";
        assertThat(parser.parse(plain.getBytes(StandardCharsets.UTF_8), null, BASE).title()).isEqualTo("caf\u00e9");
        byte[] utf16 = ("\uFEFF" + plain).getBytes(StandardCharsets.UTF_16BE);
        assertThat(parser.parse(utf16, null, BASE).title()).isEqualTo("caf\u00e9");
    }

    @Test
    void xxeAndBillionLaughsAreRefusedAndNothingIsFetched() throws Exception {
        // A real local file and a local port no one serves: if either were read, the title would change.
        java.nio.file.Path secret = java.nio.file.Files.createTempFile("herald-xxe", ".txt");
        java.nio.file.Files.writeString(secret, "SECRET");
        String xxe = "<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY x SYSTEM '" + secret.toUri() + "'>]>"
                + "<rss version='2.0'><channel><title>&x;</title></channel></rss>";
        assertThatThrownBy(() -> parse(xxe)).isInstanceOf(FeedParseException.class).hasMessageContaining("DOCTYPE");
        String laughs = "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
                + "<!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
                + "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>]>"
                + "<rss version='2.0'><channel><title>&lol3;</title></channel></rss>";
        assertThatThrownBy(() -> parse(laughs)).isInstanceOf(FeedParseException.class);
        String param = "<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY % p SYSTEM 'http://127.0.0.1:9/x.dtd'> %p;]>"
                + "<rss version='2.0'><channel><title>t</title></channel></rss>";
        assertThatThrownBy(() -> parse(param)).isInstanceOf(FeedParseException.class);
    }

    @Test
    void brokenExtensionIsRetriedWithoutExtensions() throws Exception {
        // The syndication module parses sy:updateFrequency as a number; a word there makes Rome fail.
        ParsedFeed f = parse("""
                <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                   xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
                 <channel rdf:about="https://x/"><title>R</title><link>https://x/</link><description>d</description>
                  <sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>often</sy:updateFrequency></channel>
                 <item rdf:about="https://x/1"><title>I</title><link>https://x/1</link></item>
                </rdf:RDF>""");
        assertThat(f.entries()).hasSize(1);
        assertThat(f.warnings()).anyMatch(w -> w.contains("parsed without extensions"));
    }

    @Test
    void jsonFeed11() throws Exception {
        String json = """
                {"version":"https://jsonfeed.org/version/1.1","title":"J","home_page_url":"https://j.example/",
                 "feed_url":"https://j.example/feed.json","hubs":[{"type":"WebSub","url":"https://hub.example/"}],
                 "items":[{"id":"1","url":"/p/1","title":"P","content_html":"<p>x</p>","summary":"s",
                   "date_published":"2024-01-01T10:00:00Z","date_modified":"2024-01-02T10:00:00+02:00",
                   "authors":[{"name":"Cy"}],"tags":["t1"]},
                  {"id":2,"content_text":"plain","author":{"name":"Old"}}]}""";
        ParsedFeed f = parser.parse(json.getBytes(StandardCharsets.UTF_8), "application/feed+json",
                URI.create("https://j.example/feed.json"));
        assertThat(f.format()).isEqualTo("json_feed_1.1");
        assertThat(f.hub()).isEqualTo(URI.create("https://hub.example/"));
        assertThat(f.self()).isEqualTo(URI.create("https://j.example/feed.json"));
        FeedEntry p = f.entries().get(0);
        assertThat(p.link()).isEqualTo("https://j.example/p/1");
        assertThat(p.contentType()).isEqualTo("html");
        assertThat(p.updated()).isEqualTo(Instant.parse("2024-01-02T08:00:00Z"));
        assertThat(p.authors()).containsExactly("Cy");
        assertThat(f.entries().get(1)).satisfies(e -> {
            assertThat(e.guid()).isEqualTo("2");
            assertThat(e.contentType()).isEqualTo("text");
            assertThat(e.authors()).containsExactly("Old");
        });
    }

    @Test
    void notAFeedIsRefusedWithOneLine() {
        assertThatThrownBy(() -> parse("<html><body>hi</body></html>")).isInstanceOf(FeedParseException.class)
                .hasMessageContaining("<html>");
        assertThatThrownBy(() -> parse("<rss><channel>")).isInstanceOf(FeedParseException.class)
                .hasMessageStartingWith("not well-formed XML");
        assertThatThrownBy(() -> parser.parse("{\"a\":1}".getBytes(StandardCharsets.UTF_8), null, BASE))
                .isInstanceOf(FeedParseException.class).hasMessageContaining("JSON Feed");
        assertThatThrownBy(() -> parser.parse(new byte[0], null, BASE)).isInstanceOf(FeedParseException.class);
        assertThatThrownBy(() -> parser.parse(new byte[] {0x1f, (byte) 0x8b, 8, 0}, null, BASE))
                .isInstanceOf(FeedParseException.class).message().doesNotContain("\n");
    }
}
