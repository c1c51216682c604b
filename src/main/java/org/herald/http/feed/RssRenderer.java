package org.herald.http.feed;

import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Description;
import com.rometools.rome.feed.rss.Guid;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedOutput;
import java.util.Date;
import java.util.List;

/**
 * Writes a feed as RSS 2.0 with Rome. RSS has no self or hub link of its own: they are atom:link elements in the
 * channel (W3C WebSub §4 lets RSS feeds advertise the hub so). A description is HTML by RSS convention, so plain
 * text and XML payloads are HTML-escaped before they go in (and the XML writer escapes that again).
 */
public final class RssRenderer {
    private RssRenderer() {
    }

    public static String render(FeedDocument doc) {
        Channel channel = new Channel("rss_2.0");
        channel.setTitle(doc.title());
        channel.setLink(doc.urls().home());
        channel.setDescription(doc.description());
        if (doc.language() != null) channel.setLanguage(doc.language());
        channel.setLastBuildDate(Date.from(doc.updated()));
        channel.setPubDate(Date.from(doc.updated()));
        channel.setGenerator("Herald");
        channel.setForeignMarkup(List.of(
                ForeignMarkup.atomLink("self", doc.selfUrl(FeedFormat.RSS), FeedFormat.RSS.mediaType()),
                ForeignMarkup.atomLink("hub", doc.urls().hub(), null)));
        channel.setItems(doc.entries().stream().map(RssRenderer::item).toList());
        try {
            return new WireFeedOutput().outputString(channel, false);
        } catch (FeedException e) {
            throw new IllegalStateException("RSS feed of " + doc.nodeId() + " could not be written", e);
        }
    }

    private static Item item(FeedEntry e) {
        Item item = new Item();
        item.setTitle(e.title().asPlain());
        Guid guid = new Guid();
        guid.setValue(e.id());
        guid.setPermaLink(false); // an id, not necessarily a page
        item.setGuid(guid);
        e.links().stream().filter(l -> l.rel().equals("alternate")).findFirst().ifPresent(l -> item.setLink(l.href()));
        String html = e.content() != null ? html(e.content()) : e.summary() != null ? html(e.summary()) : null;
        if (html != null) {
            Description d = new Description();
            d.setType("text/html");
            d.setValue(html);
            item.setDescription(d);
        }
        item.setPubDate(Date.from(e.published() != null ? e.published() : e.updated()));
        if (e.geo() != null) item.setForeignMarkup(List.of(ForeignMarkup.point(e.geo())));
        return item;
    }

    private static String html(FeedEntry.Content c) {
        return c.kind() == FeedEntry.Content.Kind.HTML ? c.value() : XmlText.html(c.value());
    }

    private static String html(FeedEntry.Text t) {
        return t.html() ? t.value() : XmlText.html(t.value());
    }
}
