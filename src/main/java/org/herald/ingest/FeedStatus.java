package org.herald.ingest;

import java.util.Locale;

/** Where a registered feed stands; stored as its lower-case name (V13 check constraint). */
public enum FeedStatus {
    /** registered, not fetched yet */
    PENDING,
    /** the last fetch succeeded (200 or 304) */
    OK,
    /** the last fetch or publish failed; retried with backoff */
    ERROR,
    /** the origin answered 410 Gone (RFC 9110 §15.5.11): never fetched again */
    GONE,
    /** whoever registered it may no longer publish to the node: never fetched again */
    REVOKED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FeedStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** Whether the scheduler still fetches a feed in this state. */
    public boolean active() {
        return this != GONE && this != REVOKED;
    }
}
