package org.herald.http.websub;

import org.herald.http.feed.FeedFormat;

/**
 * A topic this hub serves: one of Herald's own node feeds.
 *
 * @param url the topic URL as the subscriber gave it (§7: deliveries name it as rel=self)
 * @param nodeId the node the feed shows
 * @param format the feed's format, which deliveries are rendered in
 */
public record Topic(String url, String nodeId, FeedFormat format) {
}
