package org.herald.http.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Writes a feed as JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) with Jackson: feed_url is the feed's own
 * URL, hubs[] names the WebSub hub, each item carries its Herald form in the {@code _herald} extension and its
 * position in {@code _geo} (extensions start with an underscore, JSON Feed 1.1 "Extensions").
 */
public final class JsonFeedRenderer {
    public static final String VERSION = "https://jsonfeed.org/version/1.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonFeedRenderer() {
    }

    public static String render(FeedDocument doc) {
        ObjectNode feed = JSON.createObjectNode();
        feed.put("version", VERSION);
        feed.put("title", doc.title());
        feed.put("home_page_url", doc.urls().home());
        feed.put("feed_url", doc.selfUrl(FeedFormat.JSON));
        feed.put("description", doc.description());
        if (doc.language() != null) feed.put("language", doc.language());
        ArrayNode hubs = feed.putArray("hubs");
        hubs.addObject().put("type", "WebSub").put("url", doc.urls().hub());
        ArrayNode items = feed.putArray("items");
        for (FeedEntry e : doc.entries()) items.add(item(e));
        try {
            return JSON.writeValueAsString(feed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON feed of " + doc.nodeId() + " could not be written", e);
        }
    }

    private static ObjectNode item(FeedEntry e) {
        ObjectNode item = JSON.createObjectNode();
        item.put("id", e.id());
        e.links().stream().filter(l -> l.rel().equals("alternate")).findFirst().ifPresent(l -> item.put("url", l.href()));
        item.put("title", e.title().asPlain());
        if (e.summary() != null) item.put("summary", e.summary().asPlain());
        // "One or the other [content_html, content_text] must be present"
        if (e.content() != null && e.content().kind() == FeedEntry.Content.Kind.HTML) {
            item.put("content_html", e.content().value());
        } else {
            item.put("content_text", e.content() == null ? "" : e.content().value());
        }
        if (e.published() != null) item.put("date_published", rfc3339(e.published()));
        item.put("date_modified", rfc3339(e.updated()));
        if (!e.authors().isEmpty()) {
            ArrayNode authors = item.putArray("authors");
            for (FeedEntry.Person p : e.authors()) {
                ObjectNode a = authors.addObject().put("name", p.name());
                if (p.uri() != null) a.put("url", p.uri());
            }
        }
        ObjectNode herald = item.putObject("_herald");
        herald.setAll((ObjectNode) e.herald());
        if (e.geo() != null) {
            item.putObject("_geo").put("about", "https://www.georss.org/simple")
                    .put("lat", e.geo().lat()).put("lon", e.geo().lon()).put("georss", e.geo().georss());
        }
        return item;
    }

    private static String rfc3339(Instant i) {
        return i.toString();
    }
}
