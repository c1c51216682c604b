package org.herald.http.websub;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.herald.domain.Node;
import org.herald.domain.StoredItem;
import org.herald.http.HttpConfig;
import org.herald.http.feed.AtomRenderer;
import org.herald.http.feed.FeedDocument;
import org.herald.http.feed.FeedFormat;
import org.herald.http.feed.FeedUrls;
import org.herald.http.feed.JsonFeedRenderer;
import org.herald.http.feed.RssRenderer;

/**
 * The body of a content distribution request (W3C WebSub §7: the hub sends the new content of the topic in the
 * topic's own format): the node's feed, rendered as GET /feeds/{node}.ext renders it, holding only the items just
 * published, so a subscriber parses a delivery exactly as it parses the topic.
 */
@ApplicationScoped
public class TopicContent {
    private final FeedUrls urls;

    TopicContent(HttpConfig http) {
        this.urls = new FeedUrls(http.publicUrl());
    }

    /** A feed document in {@code format} holding {@code items} (oldest first, as events carry them). */
    public String render(Node node, List<StoredItem> items, FeedFormat format) {
        // Feeds list the newest entry first, as GET /feeds/{node} does.
        List<StoredItem> newestFirst = new ArrayList<>(items);
        Collections.reverse(newestFirst);
        FeedDocument doc = FeedDocument.of(node, newestFirst, urls);
        return switch (format) {
            case ATOM -> AtomRenderer.render(doc);
            case RSS -> RssRenderer.render(doc);
            case JSON -> JsonFeedRenderer.render(doc);
        };
    }
}
