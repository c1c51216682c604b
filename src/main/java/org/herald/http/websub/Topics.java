package org.herald.http.websub;

import java.util.Optional;
import org.herald.http.PathSegments;
import org.herald.http.feed.FeedFormat;

/**
 * Which URLs are topics of this hub. The hub serves only Herald's own node feeds,
 * {@code {publicUrl}/feeds/{node}.atom|.rss|.json}: a hub that relayed foreign topics would have to fetch them, and
 * §4 leaves the choice of topics to the hub. Node ids may contain '/', so the node part is percent-decoded
 * (clients may send it as one %2F-encoded segment or with literal slashes).
 */
public final class Topics {
    private final String feedsPrefix;
    private final String hubUrl;

    public Topics(String publicUrl) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.feedsPrefix = base + "/feeds/";
        this.hubUrl = base + "/websub";
    }

    /** The URL of this hub, for rel=hub links (§7). */
    public String hubUrl() {
        return hubUrl;
    }

    /** How this hub's topics look, for error messages. */
    public String pattern() {
        return feedsPrefix + "{node}.atom (or .rss, .json)";
    }

    /** The canonical topic of a node's feed in one format (its Atom feed is the node's WebSub topic). */
    public String topicUrl(String nodeId, FeedFormat format) {
        return feedsPrefix + PathSegments.encode(nodeId) + "." + format.extension();
    }

    /** The topic a URL names, or empty when it is none of this hub's (a query or fragment makes it another URL). */
    public Optional<Topic> resolve(String url) {
        if (url == null || !url.startsWith(feedsPrefix) || url.indexOf('?') >= 0 || url.indexOf('#') >= 0) {
            return Optional.empty();
        }
        String rest = url.substring(feedsPrefix.length());
        int dot = rest.lastIndexOf('.');
        if (dot <= 0) return Optional.empty();
        FeedFormat format = null;
        for (FeedFormat f : FeedFormat.values()) {
            if (f.extension().equals(rest.substring(dot + 1))) format = f;
        }
        if (format == null) return Optional.empty();
        String node;
        try {
            node = PathSegments.decode(rest.substring(0, dot));
        } catch (IllegalArgumentException malformedEscape) {
            return Optional.empty();
        }
        return node.isEmpty() ? Optional.empty() : Optional.of(new Topic(url, node, format));
    }
}
