package org.herald.http.websub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.herald.domain.Item;
import org.herald.domain.Node;
import org.herald.domain.StoredItem;
import org.herald.http.HttpConfig;
import org.herald.http.json.ItemJson;

/**
 * A deliberately small rendering of new items as Atom (RFC 4287), RSS 2.0 or JSON Feed 1.1, until the feeds of
 * org.herald.http.feed (their Atom/RSS/JSON renderers) replace it behind {@link TopicContent}. Each item's payload
 * is carried as text (Atom type="text", RSS description); publishers are named only where the node discloses them.
 */
@ApplicationScoped
public class MinimalFeeds implements TopicContent {
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ATOM_NS = "http://www.w3.org/2005/Atom";

    private final String publicUrl;

    MinimalFeeds(HttpConfig http) {
        this.publicUrl = http.publicUrl();
    }

    @Override
    public String render(Node node, List<StoredItem> items, FeedFormat format, String selfUrl, String hubUrl) {
        try {
            return switch (format) {
                case ATOM -> atom(node, items, selfUrl, hubUrl);
                case RSS -> rss(node, items, selfUrl);
                case JSON -> json(node, items, selfUrl, hubUrl);
            };
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not render " + format + " for node " + node.id(), e);
        }
    }

    private String atom(Node node, List<StoredItem> items, String selfUrl, String hubUrl) throws XMLStreamException {
        StringWriter out = new StringWriter();
        XMLStreamWriter w = XML.createXMLStreamWriter(out);
        w.writeStartDocument("UTF-8", "1.0");
        w.writeStartElement("feed");
        w.writeDefaultNamespace(ATOM_NS);
        text(w, "id", selfUrl);
        text(w, "title", title(node));
        text(w, "updated", timestamp(items.isEmpty() ? node.created() : lastItem(items).published()));
        link(w, "self", selfUrl);
        link(w, "hub", hubUrl);
        for (StoredItem s : items) {
            Item item = s.item();
            w.writeStartElement("entry");
            text(w, "id", itemUrl(item));
            text(w, "title", item.id());
            text(w, "updated", timestamp(item.published()));
            if (node.config().showsPublisher()) {
                w.writeStartElement("author");
                text(w, "name", item.publisher().bare().toString());
                w.writeEndElement();
            }
            if (item.payload() != null) {
                w.writeStartElement("content");
                w.writeAttribute("type", "text");
                w.writeCharacters(item.payload());
                w.writeEndElement();
            }
            w.writeEndElement();
        }
        w.writeEndElement();
        w.writeEndDocument();
        w.close();
        return out.toString();
    }

    private String rss(Node node, List<StoredItem> items, String selfUrl) throws XMLStreamException {
        StringWriter out = new StringWriter();
        XMLStreamWriter w = XML.createXMLStreamWriter(out);
        w.writeStartDocument("UTF-8", "1.0");
        w.writeStartElement("rss");
        w.writeAttribute("version", "2.0");
        w.writeStartElement("channel");
        text(w, "title", title(node));
        text(w, "link", selfUrl);
        text(w, "description", node.config().description() == null ? title(node) : node.config().description());
        for (StoredItem s : items) {
            Item item = s.item();
            w.writeStartElement("item");
            text(w, "title", item.id());
            w.writeStartElement("guid");
            w.writeAttribute("isPermaLink", "false");
            w.writeCharacters(itemUrl(item));
            w.writeEndElement();
            text(w, "pubDate", DateTimeFormatter.RFC_1123_DATE_TIME.format(item.published().atOffset(ZoneOffset.UTC)));
            if (item.payload() != null) text(w, "description", item.payload());
            w.writeEndElement();
        }
        w.writeEndElement();
        w.writeEndElement();
        w.writeEndDocument();
        w.close();
        return out.toString();
    }

    private String json(Node node, List<StoredItem> items, String selfUrl, String hubUrl) {
        ObjectNode feed = JSON.createObjectNode();
        feed.put("version", "https://jsonfeed.org/version/1.1");
        feed.put("title", title(node));
        feed.put("feed_url", selfUrl);
        feed.putArray("hubs").addObject().put("type", "WebSub").put("url", hubUrl);
        ArrayNode entries = feed.putArray("items");
        for (StoredItem s : items) {
            Item item = s.item();
            ObjectNode e = entries.addObject();
            e.put("id", itemUrl(item));
            e.put("title", item.id());
            e.put("date_published", timestamp(item.published()));
            if (item.payload() != null) e.put("content_text", item.payload());
            // Herald's own shape of the item (org.herald.http.json.ItemJson), as the JSON Feed extension "_herald".
            ItemJson shown = ItemJson.of(s);
            if (!node.config().showsPublisher()) {
                shown = new ItemJson(shown.id(), shown.node(), null, shown.published(), shown.seq(), shown.contentType(),
                        shown.payload());
            }
            e.set("_herald", JSON.valueToTree(shown));
        }
        return feed.toString();
    }

    private String itemUrl(Item item) {
        return publicUrl + "/api/v1/nodes/" + Topics.encode(item.node()) + "/items/" + Topics.encode(item.id());
    }

    private static String title(Node node) {
        String t = node.config().title();
        return t == null || t.isBlank() ? node.id() : t;
    }

    private static StoredItem last(List<StoredItem> items) {
        return items.get(items.size() - 1);
    }

    private static Item lastItem(List<StoredItem> items) {
        return last(items).item();
    }

    private static String timestamp(java.time.Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    private static void text(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(value);
        w.writeEndElement();
    }

    private static void link(XMLStreamWriter w, String rel, String href) throws XMLStreamException {
        w.writeEmptyElement("link");
        w.writeAttribute("rel", rel);
        w.writeAttribute("href", href);
    }
}
