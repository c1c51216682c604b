package org.herald.ingest;

import java.time.Instant;

/**
 * What one pass over a claimed feed leaves in its row: the new state, validators, schedule and counters. Fields that
 * are null keep their stored value where noted.
 *
 * @param url the stored URL after the pass (a permanent redirect's target, or the same)
 * @param etag the validator to send next time (null: keep the stored one)
 * @param lastModified likewise
 * @param published items published in this pass (added to items_published)
 */
record FetchOutcome(FeedStatus status, String url, String etag, String lastModified, Instant fetchedAt, Integer httpStatus,
                    String error, int failures, long intervalSeconds, Instant nextFetch, int published, String hub) {
}
