package org.herald.ingest;

import java.time.Duration;

/**
 * When to fetch a feed next (pure). After a success the interval is the default, lengthened when the origin asks for
 * less frequent fetches (Cache-Control max-age, RFC 9111 §5.2.2.1; RSS 2.0 ttl), and kept within [min, max]: a
 * publisher may slow Herald down but never speed it up past the minimum. After a failure the delay doubles with
 * each consecutive failure (exponential backoff) up to max; a Retry-After (RFC 9110 §10.2.3) is honoured as a floor.
 */
public record FetchSchedule(Duration defaultInterval, Duration min, Duration max, Duration backoffBase) {

    /** The interval after a successful fetch (200 or 304). */
    public Duration afterSuccess(Duration maxAge, Integer ttlMinutes) {
        Duration d = defaultInterval;
        if (maxAge != null && maxAge.compareTo(d) > 0) d = maxAge;
        if (ttlMinutes != null && ttlMinutes > 0 && Duration.ofMinutes(ttlMinutes).compareTo(d) > 0) d = Duration.ofMinutes(ttlMinutes);
        return clamp(d);
    }

    /** The delay after the {@code failures}-th consecutive failure (1 = the first). */
    public Duration afterFailure(int failures) {
        int doublings = Math.max(0, Math.min(failures - 1, 30));
        Duration d = backoffBase.multipliedBy(1L << doublings);
        return d.compareTo(max) > 0 || d.isNegative() ? max : d;
    }

    /** The delay after a 429/503: the server's Retry-After when given (never shorter than the backoff's floor). */
    public Duration afterRetryLater(Duration retryAfter, int failures) {
        Duration backoff = afterFailure(failures);
        if (retryAfter == null) return backoff;
        Duration d = retryAfter.compareTo(backoffBase) < 0 ? backoffBase : retryAfter;
        return d.compareTo(max) > 0 ? max : d;
    }

    private Duration clamp(Duration d) {
        if (d.compareTo(min) < 0) return min;
        return d.compareTo(max) > 0 ? max : d;
    }
}
