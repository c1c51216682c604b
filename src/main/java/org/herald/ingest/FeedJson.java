package org.herald.ingest;

import java.time.Instant;

/** A registered feed over REST: where it is published and how its fetching goes. */
public record FeedJson(long id, String url, String node, String addedBy, String status, Instant lastFetch, Integer lastStatus,
                       String lastError, Instant nextFetch, long intervalSeconds, long itemsPublished, String hub,
                       String websub, Instant created) {

    static FeedJson of(Feed f) {
        return new FeedJson(f.id(), f.url(), f.nodeId(), f.addedBy(), f.status().wire(), f.lastFetch(), f.lastStatus(),
                f.lastError(), f.status().active() ? f.nextFetch() : null, f.intervalSeconds(), f.itemsPublished(), f.hub(),
                f.websubState(), f.created());
    }

    /** The body of POST /api/v1/feeds. */
    public record Registration(String url, String node) {
    }

    /** The body of GET /api/v1/feeds. */
    public record Listing(java.util.List<FeedJson> feeds) {
    }
}
