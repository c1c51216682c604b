package org.herald.ingest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Politeness towards origins (pure, one per instance): how long to wait before the next fetch from a host so that
 * two fetches from it start at least {@code gap} apart. The scheduler fetches one host's feeds one after the other,
 * so at most one fetch per host is in flight on this instance.
 */
final class HostGate {
    private final Duration gap;
    private final Map<String, Instant> nextAllowed = new HashMap<>();

    HostGate(Duration gap) {
        this.gap = gap;
    }

    static String host(String url) {
        String h = URI.create(url).getHost();
        return h == null ? "" : h.toLowerCase(Locale.ROOT);
    }

    /** Books the host's next slot and says how long to wait for it (zero when it is free now). */
    synchronized Duration book(String host, Instant now) {
        Instant slot = nextAllowed.getOrDefault(host, now);
        if (slot.isBefore(now)) slot = now;
        nextAllowed.put(host, slot.plus(gap));
        if (nextAllowed.size() > 10_000) nextAllowed.values().removeIf(t -> t.isBefore(now)); // forget idle hosts
        return Duration.between(now, slot);
    }
}
