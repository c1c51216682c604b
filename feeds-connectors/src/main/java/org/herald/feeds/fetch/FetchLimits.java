package org.herald.feeds.fetch;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds of one fetch. {@code connectTimeout}: per TCP/TLS connection; {@code totalTimeout}: the whole fetch,
 * every redirect hop and the last byte of the body included (a server dripping one byte a second cannot hold a
 * worker); {@code maxBodyBytes}: the body AFTER decompression (a gzip bomb is cut there); {@code maxRedirects}: hops
 * followed before giving up; {@code userAgent}: sent on every request so feed owners can tell who polls them.
 */
public record FetchLimits(Duration connectTimeout, Duration totalTimeout, long maxBodyBytes, int maxRedirects, String userAgent) {

    public FetchLimits {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(totalTimeout, "totalTimeout");
        Objects.requireNonNull(userAgent, "userAgent");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) throw new IllegalArgumentException("connectTimeout must be positive");
        if (totalTimeout.isNegative() || totalTimeout.isZero()) throw new IllegalArgumentException("totalTimeout must be positive");
        if (maxBodyBytes <= 0 || maxBodyBytes > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("maxBodyBytes must be in 1.." + (Integer.MAX_VALUE - 8));
        if (maxRedirects < 0) throw new IllegalArgumentException("maxRedirects must not be negative");
        if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) throw new IllegalArgumentException("userAgent must be a printable header value");
    }

    /** 10 s to connect, 30 s in all, 10 MiB of (decompressed) body, 5 redirects, a Herald User-Agent. */
    public static FetchLimits defaults() {
        return new FetchLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), 10L * 1024 * 1024, 5,
                "Herald-FeedFetcher/0.1 (XEP-0060 pubsub feed ingestion)");
    }
}
