package org.herald.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * herald.cache.* meters (docs/observability.md, docs/caches.md): reads answered from Redis (hits), read from
 * PostgreSQL and written back (misses), Redis failures or timeouts (errors), reads sent to PostgreSQL because the
 * cache could not be used (bypasses: disabled node state, Redis in back-off), and invalidations waiting for Redis.
 * The part tag is one of a few fixed names (node, affiliations, subscriptions, items), never a node id.
 */
final class CacheMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    CacheMetrics(MeterRegistry registry, Collection<?> pending) {
        this.registry = registry;
        registry.gauge("herald.cache.invalidations.pending", pending, Collection::size);
    }

    void hit(String part) {
        count("herald.cache.hits", part, "Reads answered from the Redis cache");
    }

    void miss(String part) {
        count("herald.cache.misses", part, "Reads not in the cache, read from PostgreSQL and cached");
    }

    void error(String part) {
        count("herald.cache.errors", part, "Redis commands of the cache that failed or timed out");
    }

    void bypass(String part) {
        count("herald.cache.bypasses", part, "Reads sent to PostgreSQL without asking the cache (back-off, pending invalidation)");
    }

    private void count(String name, String part, String description) {
        counters.computeIfAbsent(name + "|" + part, k -> Counter.builder(name).description(description)
                .tag("part", part).register(registry)).increment();
    }
}
