package org.herald.ingest;

import java.time.Instant;

/** A registered feed as stored (V13 {@code feeds}). */
public record Feed(long id, String url, String nodeId, String addedBy, FeedStatus status, String etag, String lastModified,
                   Instant lastFetch, Integer lastStatus, String lastError, int failures, long intervalSeconds,
                   Instant nextFetch, long itemsPublished, String hub, Instant created, String websubState,
                   Instant websubUntil) {
}
