package org.herald.http.feed;

import java.time.Instant;
import java.util.List;
import org.herald.domain.Node;
import org.herald.domain.StoredItem;

/**
 * A node's feed before it is written in a format: its title and description (pubsub#title/description, §16.4.3),
 * newest entries first, and when it last changed.
 *
 * @param updated the newest item's time, or the node's creation when it has none
 */
public record FeedDocument(String nodeId, String title, String description, String language, Instant updated,
                           List<FeedEntry> entries, FeedUrls urls) {
    public FeedDocument {
        entries = List.copyOf(entries);
    }

    /** @param items newest first, as PubSubService.itemsPage returns them */
    public static FeedDocument of(Node node, List<StoredItem> items, FeedUrls urls) {
        var config = node.config();
        String title = config.title() == null || config.title().isBlank() ? node.id() : config.title();
        String description = config.description() == null || config.description().isBlank()
                ? "Items published to the node " + node.id() : config.description();
        String language = config.language() == null || config.language().isBlank() ? null : config.language();
        List<FeedEntry> entries = items.stream().map(i -> EntryMapper.map(i, config, urls)).toList();
        Instant updated = items.isEmpty() ? node.created() : items.get(0).item().published();
        return new FeedDocument(XmlText.clean(node.id()), XmlText.clean(title), XmlText.clean(description),
                XmlText.clean(language), updated, entries, urls);
    }

    public String selfUrl(FeedFormat format) {
        return urls.feed(nodeId, format);
    }
}
