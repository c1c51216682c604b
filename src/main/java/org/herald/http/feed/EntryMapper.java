package org.herald.http.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.herald.domain.Item;
import org.herald.domain.NodeConfig;
import org.herald.domain.StoredItem;
import org.herald.http.feed.FeedEntry.Content;
import org.herald.http.feed.FeedEntry.Person;
import org.herald.http.feed.FeedEntry.Text;
import org.herald.http.json.ItemJson;
import org.herald.http.json.PayloadKind;

/**
 * Turns a stored item into a {@link FeedEntry}: an Atom entry keeps its own parts, an XEP-0335 JSON container becomes
 * text (its "title"/"summary" strings, when it has them, become the entry's), an XEP-0080 geoloc gives a position
 * and a label, other XML is carried as XML. Nothing a payload holds can break the feed: every string is cleaned of
 * characters XML forbids, and markup is escaped by the writers.
 */
public final class EntryMapper {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EntryMapper() {
    }

    public static FeedEntry map(StoredItem stored, NodeConfig config, FeedUrls urls) {
        Item item = stored.item();
        ItemJson json = json(stored, config);
        List<Person> publisher = new ArrayList<>();
        if (config.showsPublisher()) {
            publisher.add(new Person(XmlText.clean(json.publisher()), "xmpp:" + XmlText.clean(json.publisher()), null));
        } else {
            // §7.1.2: without itemreply=publisher the node does not tell who published its items
            json = new ItemJson(json.id(), json.node(), null, json.published(), json.seq(), json.contentType(), json.payload());
        }
        JsonNode herald = JSON.valueToTree(json);
        Text fallbackTitle = Text.plain(XmlText.clean(item.id()));
        String fallbackId = urls.item(item.node(), item.id());
        FeedEntry plain = new FeedEntry(fallbackId, item.id(), fallbackTitle, null, null, List.of(), publisher,
                item.published(), item.published(), null, herald);
        if (item.payload() == null) return plain;

        PayloadKind kind;
        try {
            kind = PayloadKind.root(item.payload()).kind();
        } catch (IllegalArgumentException e) {
            return with(plain, new Content(Content.Kind.TEXT, XmlText.clean(item.payload())));
        }
        return switch (kind) {
            case JSON -> fromJson(plain, json);
            case ATOM -> fromAtom(plain, item.payload());
            case XML -> fromXml(plain, item.payload());
        };
    }

    /** The item's JSON form; a payload that is not XML at all (never stored so, but still) is carried as text. */
    private static ItemJson json(StoredItem stored, NodeConfig config) {
        try {
            return ItemJson.of(stored, config);
        } catch (IllegalArgumentException e) {
            Item i = stored.item();
            return new ItemJson(i.id(), i.node(), config.showsPublisher() ? i.publisher().bare().toString() : null,
                    i.published().toString(),
                    stored.seq() > 0 ? stored.seq() : null, PayloadKind.XML.mediaType(), TextNode.valueOf(i.payload()));
        }
    }

    private static FeedEntry fromJson(FeedEntry e, ItemJson json) {
        JsonNode payload = json.payload();
        if (!"application/json".equals(json.contentType())) {
            return fromXml(e, payload.asText()); // a container that holds no JSON is shown as the XML it is
        }
        Text title = e.title();
        Text summary = null;
        if (payload.isObject()) {
            if (payload.path("title").isTextual() && !payload.get("title").asText().isBlank()) {
                title = Text.plain(XmlText.clean(payload.get("title").asText()));
            }
            if (payload.path("summary").isTextual()) summary = Text.plain(XmlText.clean(payload.get("summary").asText()));
        }
        return new FeedEntry(e.id(), e.itemId(), title, summary, new Content(Content.Kind.TEXT, XmlText.clean(payload.toString())),
                e.links(), e.authors(), e.updated(), e.published(), null, e.herald());
    }

    private static FeedEntry fromAtom(FeedEntry e, String payload) {
        AtomEntryReader.Parts p;
        try {
            XMLStreamReader r = PayloadXml.open(payload);
            try {
                p = AtomEntryReader.read(r);
            } finally {
                r.close();
            }
        } catch (XMLStreamException | RuntimeException ex) {
            return fromXml(e, payload);
        }
        Text title = p.title() != null && !p.title().value().isBlank() ? p.title()
                : p.geoLabel() != null ? Text.plain(XmlText.clean(p.geoLabel())) : e.title();
        return new FeedEntry(p.id() != null ? p.id() : e.id(), e.itemId(), title, p.summary(), p.content(), p.links(),
                p.authors().isEmpty() ? e.authors() : p.authors(),
                p.updated() != null ? p.updated() : e.updated(),
                p.published() != null ? p.published() : e.published(), p.geo(), e.herald());
    }

    private static FeedEntry fromXml(FeedEntry e, String payload) {
        boolean embeddable = PayloadXml.wellFormed(payload);
        Content content = new Content(embeddable ? Content.Kind.XML : Content.Kind.TEXT, XmlText.clean(payload));
        if (!embeddable) return with(e, content);
        GeolocReader.Geoloc geo = null;
        try {
            XMLStreamReader r = PayloadXml.open(payload);
            try {
                if (GeolocReader.isGeoloc(r)) geo = GeolocReader.read(r);
            } finally {
                r.close();
            }
        } catch (XMLStreamException | RuntimeException ex) {
            geo = null;
        }
        if (geo == null) return with(e, content);
        Text title = geo.label() != null ? Text.plain(XmlText.clean(geo.label())) : e.title();
        return new FeedEntry(e.id(), e.itemId(), title, null, content, e.links(), e.authors(), e.updated(), e.published(),
                geo.point(), e.herald());
    }

    private static FeedEntry with(FeedEntry e, Content content) {
        return new FeedEntry(e.id(), e.itemId(), e.title(), e.summary(), content, e.links(), e.authors(), e.updated(),
                e.published(), e.geo(), e.herald());
    }
}
