package org.herald.http.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.io.WireFeedInput;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.herald.domain.ItemReply;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.StoredItem;
import org.herald.service.config.DefaultConfig;
import org.herald.service.config.ServiceLimits;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

/** The three writers on one node holding every kind of payload, read back by Rome and Jackson. */
class FeedRenderersTest {
    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    private static final FeedUrls URLS = new FeedUrls("https://herald.example");
    private static final Jid ALICE = Jid.parse("alice@example.org/phone");

    static final String ATOM_ENTRY = "<entry xmlns='http://www.w3.org/2005/Atom' xmlns:georss='http://www.georss.org/georss'>"
            + "<id>tag:example.org,2026:1</id><title>Hello &lt;script&gt;alert(1)&lt;/script&gt;</title>"
            + "<summary>Short</summary><content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'><p>Para <b>bold</b></p></div></content>"
            + "<link rel='alternate' href='https://example.org/posts/1'/><author><name>Alice</name></author>"
            + "<updated>2026-11-19T07:00:00Z</updated><georss:point>45.256 -71.92</georss:point></entry>";
    static final String GEOLOC = "<geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>45.44</lat><lon>12.33</lon>"
            + "<text>Venice &amp; &lt;the lagoon&gt;</text></geoloc>";
    static final String JSON_ITEM = "<json xmlns='urn:xmpp:json:0'>{\"title\":\"Temp \\u0001 &lt;b>\",\"celsius\":21.5}</json>";
    static final String OTHER_XML = "<reading xmlns='urn:example:sensor'><value>7</value><note>]]&gt; &amp;amp;</note></reading>";

    static Node node(String title, ItemReply reply) {
        var config = DefaultConfig.leaf(new ServiceLimits(1000, 65536)).with().title(title)
                .description("Sensor <readings> & more").itemReply(reply).build();
        return new Node("sensors/venice", config, ALICE.bare(), T0);
    }

    static List<StoredItem> items() {
        return List.of(
                stored(15, "empty", null, 5),
                stored(14, "other", OTHER_XML, 4),
                stored(13, "json", JSON_ITEM, 3),
                stored(12, "geo", GEOLOC, 2),
                stored(11, "atom", ATOM_ENTRY, 1));
    }

    static StoredItem stored(long seq, String id, String payload, int minutes) {
        return new StoredItem(seq, new org.herald.domain.Item("sensors/venice", id, payload, ALICE, T0.plusSeconds(60L * minutes)));
    }

    private static FeedDocument doc(ItemReply reply) {
        return FeedDocument.of(node("Venice <b>sensors</b>", reply), items(), URLS);
    }

    @Test
    void atomCarriesTheRequiredElementsSelfAndHubLinksAndTheEntriesAsPublished() throws Exception {
        String xml = AtomRenderer.render(doc(ItemReply.PUBLISHER));
        Feed feed = (Feed) new WireFeedInput().build(new StringReader(xml));
        assertThat(feed.getId()).isEqualTo("https://herald.example/feeds/sensors%2Fvenice.atom");
        assertThat(feed.getTitle()).isEqualTo("Venice <b>sensors</b>"); // text, not markup
        assertThat(feed.getUpdated().toInstant()).isEqualTo(T0.plusSeconds(300)); // the newest item
        assertThat(feed.getOtherLinks()).extracting(Link::getRel, Link::getHref).contains(
                org.assertj.core.groups.Tuple.tuple("self", "https://herald.example/feeds/sensors%2Fvenice.atom"),
                org.assertj.core.groups.Tuple.tuple("hub", "https://herald.example/websub"));
        List<Entry> entries = feed.getEntries();
        assertThat(entries).extracting(Entry::getTitle).containsExactly("empty", "other", "Temp \uFFFD <b>",
                "Venice & <the lagoon>", "Hello <script>alert(1)</script>");
        for (Entry e : entries) {
            assertThat(e.getId()).isNotBlank();
            assertThat(e.getUpdated()).isNotNull();
        }
        Entry atom = entries.get(4);
        assertThat(atom.getId()).isEqualTo("tag:example.org,2026:1");
        assertThat(atom.getUpdated().toInstant()).isEqualTo(Instant.parse("2026-11-19T07:00:00Z"));
        assertThat(atom.getAlternateLinks().get(0).getHref()).isEqualTo("https://example.org/posts/1");
        assertThat(atom.getAuthors().get(0).getName()).isEqualTo("Alice");
        assertThat(atom.getContents().get(0).getValue()).contains("<b>bold</b>");
        assertThat(entries.get(0).getId()).isEqualTo("https://herald.example/api/v1/nodes/sensors%2Fvenice/items/empty");
        assertThat(entries.get(0).getAuthors().get(0).getName()).isEqualTo("alice@example.org"); // itemreply=publisher
        // the escaped script never becomes an element
        assertThat(xml).doesNotContain("<script>").contains("&lt;script&gt;");
        assertThat(xml).contains("<georss:point").contains("45.256 -71.92</georss:point>").contains("45.44 12.33</georss:point>");
        assertThat(xml).contains("<reading xmlns=\"urn:example:sensor\">"); // other XML embedded as XML
        // a well-formed document for a plain XML parser too
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    @Test
    void rssCarriesChannelTitleLinkDescriptionItemGuidsAndAtomLinks() throws Exception {
        String xml = RssRenderer.render(doc(ItemReply.PUBLISHER));
        Channel channel = (Channel) new WireFeedInput().build(new StringReader(xml));
        assertThat(channel.getTitle()).isEqualTo("Venice <b>sensors</b>");
        assertThat(channel.getLink()).isEqualTo("https://herald.example/");
        assertThat(channel.getDescription()).isEqualTo("Sensor <readings> & more");
        assertThat(channel.getItems()).extracting(i -> i.getGuid().getValue()).containsExactly(
                "https://herald.example/api/v1/nodes/sensors%2Fvenice/items/empty",
                "https://herald.example/api/v1/nodes/sensors%2Fvenice/items/other",
                "https://herald.example/api/v1/nodes/sensors%2Fvenice/items/json",
                "https://herald.example/api/v1/nodes/sensors%2Fvenice/items/geo",
                "tag:example.org,2026:1");
        Item atom = channel.getItems().get(4);
        assertThat(atom.getTitle()).isEqualTo("Hello <script>alert(1)</script>");
        assertThat(atom.getLink()).isEqualTo("https://example.org/posts/1");
        // a JSON description is HTML: the text's markup characters arrive escaped for the HTML reader
        assertThat(channel.getItems().get(2).getDescription().getValue()).contains("&lt;b&gt;");
        assertThat(xml).containsPattern("<atom:link xmlns:atom=\"http://www.w3.org/2005/Atom\" rel=\"self\" "
                        + "href=\"https://herald.example/feeds/sensors%2Fvenice.rss\"")
                .containsPattern("<atom:link xmlns:atom=\"http://www.w3.org/2005/Atom\" rel=\"hub\" href=\"https://herald.example/websub\"")
                .contains("45.44 12.33</georss:point>").doesNotContain("<script>");
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    @Test
    void jsonFeedHasVersionTitleFeedUrlHubsItemsAndExtensions() throws Exception {
        JsonNode feed = new ObjectMapper().readTree(JsonFeedRenderer.render(doc(ItemReply.NONE)));
        assertThat(feed.get("version").asText()).isEqualTo("https://jsonfeed.org/version/1.1");
        assertThat(feed.get("title").asText()).isEqualTo("Venice <b>sensors</b>");
        assertThat(feed.get("feed_url").asText()).isEqualTo("https://herald.example/feeds/sensors%2Fvenice.json");
        assertThat(feed.get("hubs").get(0).get("type").asText()).isEqualTo("WebSub");
        assertThat(feed.get("hubs").get(0).get("url").asText()).isEqualTo("https://herald.example/websub");
        JsonNode items = feed.get("items");
        assertThat(items).hasSize(5);
        for (JsonNode i : items) {
            assertThat(i.get("id").asText()).isNotBlank();
            assertThat(i.has("content_html") || i.has("content_text")).isTrue();
        }
        JsonNode json = items.get(2);
        assertThat(json.get("_herald").get("contentType").asText()).isEqualTo("application/json");
        assertThat(json.get("_herald").get("payload").get("celsius").asDouble()).isEqualTo(21.5);
        assertThat(json.get("_herald").get("publisher").isNull()).isTrue(); // itemreply=none hides the publisher
        assertThat(json.has("authors")).isFalse();
        JsonNode geo = items.get(3).get("_geo");
        assertThat(geo.get("lat").decimalValue()).isEqualByComparingTo("45.44");
        assertThat(geo.get("lon").decimalValue()).isEqualByComparingTo("12.33");
        assertThat(items.get(4).get("content_html").asText()).contains("<p>Para <b>bold</b></p>");
        assertThat(items.get(4).get("url").asText()).isEqualTo("https://example.org/posts/1");
    }

    @Test
    void anEmptyNodeIsAValidFeedUpdatedAtItsCreation() throws Exception {
        FeedDocument empty = FeedDocument.of(node(null, ItemReply.PUBLISHER), List.of(), URLS);
        Feed feed = (Feed) new WireFeedInput().build(new StringReader(AtomRenderer.render(empty)));
        assertThat(feed.getTitle()).isEqualTo("sensors/venice");
        assertThat(feed.getUpdated().toInstant()).isEqualTo(T0);
        Channel rss = (Channel) new WireFeedInput().build(new StringReader(RssRenderer.render(empty)));
        assertThat(rss.getItems()).isEmpty();
    }

    @Test
    void whateverAPayloadHoldsEveryFormatStaysWellFormed() throws Exception {
        List<StoredItem> odd = List.of(
                stored(21, "not-xml", "plain <text> & ]]> \u0001", 1),
                stored(22, "atom-no-parts", "<entry xmlns='http://www.w3.org/2005/Atom'><content type='html'>&lt;p&gt;x</content></entry>", 2),
                stored(23, "bad-geo", "<geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>95</lat><lon>x</lon></geoloc>", 3),
                stored(24, "json-not-json", "<json xmlns='urn:xmpp:json:0'>{oops</json>", 4));
        FeedDocument doc = FeedDocument.of(node("t", ItemReply.NONE), odd, URLS);
        for (String xml : List.of(AtomRenderer.render(doc), RssRenderer.render(doc))) {
            javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
            assertThat(xml).doesNotContain("georss:point");
        }
        Feed feed = (Feed) new WireFeedInput().build(new StringReader(AtomRenderer.render(doc)));
        assertThat(feed.getEntries()).extracting(Entry::getTitle).containsExactly("not-xml", "atom-no-parts", "bad-geo", "json-not-json");
        assertThat(feed.getEntries().get(0).getContents().get(0).getValue()).isEqualTo("plain <text> & ]]> \uFFFD");
        assertThat(new ObjectMapper().readTree(JsonFeedRenderer.render(doc)).get("items")).hasSize(4);
    }
}
