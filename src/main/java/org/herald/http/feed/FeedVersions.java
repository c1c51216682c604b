package org.herald.http.feed;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When this instance first saw each node's current feed version: the feed's Last-Modified. Nothing in the store
 * records when an item was retracted or a node purged, so the time a version was first seen is the honest bound:
 * a version never seen before (a change, an evicted entry, a restart) is modified "now", which makes clients fetch
 * once more, never miss a change. Only each node's current version is kept, so a version that comes back (a title
 * changed and changed back) counts as new again.
 */
@ApplicationScoped
public class FeedVersions {
    private final Map<String, Seen> seen;
    private final Clock clock;

    private record Seen(FeedVersion version, Instant since) {
    }

    @Inject
    FeedVersions(FeedsConfig config) {
        this(config.versionCacheSize(), Clock.systemUTC());
    }

    FeedVersions(int capacity, Clock clock) {
        this.clock = clock;
        this.seen = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The time {@code version} became the node's current one as far as this instance knows. */
    public synchronized Instant since(String nodeId, FeedVersion version) {
        Seen s = seen.get(nodeId);
        if (s == null || !s.version().equals(version)) {
            s = new Seen(version, clock.instant());
            seen.put(nodeId, s);
        }
        return s.since();
    }

    public Instant now() {
        return clock.instant();
    }
}
