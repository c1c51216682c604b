package org.herald.http.websub;

/** The feed documents a node is published as; a topic's extension names one (shared URL layout: /feeds/{node}.ext). */
public enum FeedFormat {
    ATOM("atom", "application/atom+xml"),
    RSS("rss", "application/rss+xml"),
    JSON("json", "application/feed+json");

    private final String extension;
    private final String mediaType;

    FeedFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String extension() {
        return extension;
    }

    /** §7: deliveries carry the topic's own Content-Type. */
    public String mediaType() {
        return mediaType;
    }
}
