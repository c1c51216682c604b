package org.herald.http.websub;

import java.time.Duration;

/**
 * The lease a subscription is granted (§5.1.1 hub.lease_seconds: the hub MAY respect the subscriber's value and MAY
 * set a default). Herald honours a request within [min, max] and clamps it otherwise; no lease is perpetual.
 */
public record LeasePolicy(long defaultSeconds, long minSeconds, long maxSeconds) {
    public LeasePolicy {
        if (minSeconds < 1 || maxSeconds < minSeconds) {
            throw new IllegalArgumentException("herald.websub: need 1s <= min-lease <= max-lease");
        }
        defaultSeconds = Math.max(minSeconds, Math.min(maxSeconds, defaultSeconds));
    }

    public static LeasePolicy of(WebSubConfig config) {
        return new LeasePolicy(config.defaultLease().toSeconds(), config.minLease().toSeconds(), config.maxLease().toSeconds());
    }

    /** The lease granted for a request naming {@code requested} seconds, or none (null). */
    public long grant(Long requested) {
        if (requested == null) return defaultSeconds;
        return Math.max(minSeconds, Math.min(maxSeconds, requested));
    }

    public Duration defaultLease() {
        return Duration.ofSeconds(defaultSeconds);
    }
}
