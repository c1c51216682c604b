package org.herald.cache;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** herald.cache.*: the Redis caches of hot reads (docs/caches.md). PostgreSQL stays the truth. */
@ConfigMapping(prefix = "herald.cache")
public interface CacheConfig {
    /** Whether reads go through the Redis caches at all; off, every read goes to PostgreSQL as before. */
    @WithDefault("true")
    boolean enabled();

    /**
     * How long an entry lives at most. Invalidation after each commit keeps entries current; the TTL is the backstop
     * for an invalidation that could not reach Redis from an instance that died before it could retry.
     */
    @WithDefault("5M")
    Duration ttl();

    /**
     * How many of a node's newest items are cached (with the node's item count). Reads asking for at most this many
     * newest items (REST first page, feeds, XMPP items with max_items) are served from it; larger reads go to
     * PostgreSQL. Should cover herald.http.feeds.max-items + 1 (a page asks one more to know if another follows).
     */
    @WithDefault("64")
    int lastItems();

    /**
     * The largest value cached, in characters of its JSON form (about bytes): a node whose newest items or subscriber
     * list is larger is read from PostgreSQL each time rather than moving megabytes through Redis per read.
     */
    @WithDefault("1048576")
    int maxEntrySize();

    /**
     * Slots of the in-process memo of decoded entries (DecodedEntries): a read that finds the same entry under the
     * same version token as an earlier read gets the earlier decoding instead of parsing the JSON again. 0 turns it
     * off. Entries above 8,192 characters are never kept.
     */
    @WithDefault("512")
    int decodedEntries();

    /** How long a read waits for Redis before it reads PostgreSQL instead. */
    @WithDefault("250ms")
    Duration timeout();

    /**
     * After a Redis error the caches are bypassed for this long, and invalidations that failed are retried at this
     * interval until Redis takes them.
     */
    @WithDefault("1s")
    Duration retryInterval();
}
