package org.herald.feeds.fetch;

import java.net.URI;
import java.time.Duration;

/** What one fetch came to. Every variant is safe to store and show: no stack traces, no credentials. */
public sealed interface FetchResult {

    /**
     * A 2xx body (decompressed, at most maxBodyBytes). {@code permanentUrl} is non-null only when at least one
     * redirect was followed and every hop was 301/308: the caller should store it as the feed's URL (RFC 9110
     * §15.4.2, §15.4.9). {@code maxAge} is Cache-Control max-age, or null.
     */
    record Fetched(URI finalUrl, URI permanentUrl, byte[] body, String contentType, String etag, String lastModified,
                   Duration maxAge) implements FetchResult {
    }

    /** 304: the feed is unchanged since the validators sent. */
    record NotModified(URI permanentUrl, Duration maxAge) implements FetchResult {
    }

    /** 410 (RFC 9110 §15.5.11): the feed is gone for good; stop polling it. */
    record Gone(URI url) implements FetchResult {
    }

    /** 429 or 503 (RFC 6585 §4, RFC 9110 §15.6.4): come back later; {@code after} is Retry-After, or null when absent/unreadable. */
    record RetryLater(int status, Duration after) implements FetchResult {
    }

    /** Anything else: refused target, timeout, oversized or corrupt body, other status (then {@code status} is set). */
    record Failed(String reason, Integer status) implements FetchResult {
    }
}
