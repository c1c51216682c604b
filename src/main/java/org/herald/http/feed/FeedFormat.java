package org.herald.http.feed;

import java.util.Locale;

/** The three feed formats a node can be read as, by the extension of their URL. */
public enum FeedFormat {
    /** RFC 4287. */
    ATOM("atom", "application/atom+xml"),
    /** RSS 2.0 (https://www.rssboard.org/rss-specification). */
    RSS("rss", "application/rss+xml"),
    /** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), whose registered-by-convention type is application/feed+json. */
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

    public String mediaType() {
        return mediaType;
    }

    /** The Content-Type header value; all three are written in UTF-8. */
    public String contentType() {
        return mediaType + "; charset=UTF-8";
    }

    /** The format a file name ends in ({@code node.atom}), or null when it ends in none of them. */
    public static FeedFormat ofName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0) return null;
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (FeedFormat f : values()) {
            if (f.extension.equals(ext)) return f;
        }
        return null;
    }
}
