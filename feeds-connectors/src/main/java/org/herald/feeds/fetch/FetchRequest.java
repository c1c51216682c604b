package org.herald.feeds.fetch;

import java.net.URI;
import java.util.Objects;

/**
 * One poll of a feed: its URL and the validators from the previous 200 (either may be null), sent back as
 * If-None-Match / If-Modified-Since so an unchanged feed costs a 304 (RFC 9110 §13.1.2, §13.1.3).
 */
public record FetchRequest(URI url, String etag, String lastModified) {
    public FetchRequest {
        Objects.requireNonNull(url, "url");
    }

    public static FetchRequest of(URI url) {
        return new FetchRequest(url, null, null);
    }
}
