package org.herald.domain.geo;

import java.time.Instant;
import java.util.Objects;
import org.herald.domain.Jid;

/**
 * One fix of one tracked thing (a vehicle) on one node: an entry of the latest-position index, or of a track.
 *
 * @param key what the fix belongs to: the publisher's bare JID or the item id, per the node's {@link GeoKeying}
 * @param fix the validated reading; always {@link Geoloc#sharing()}
 * @param fixTime when the reading was taken: the payload's timestamp, else when Herald received it. The index is
 *                ordered by it, so a late fix never moves a vehicle backwards.
 * @param received when Herald accepted the publish
 * @param itemId the item that carried the fix
 * @param seq the item's publication sequence number (0 when the node keeps no items)
 * @param stale whether the vehicle has been silent for longer than the node's stale_after
 */
public record Position(String key, Geoloc fix, Instant fixTime, Instant received, String itemId, long seq,
                       Jid publisher, boolean stale) {
    public Position {
        Objects.requireNonNull(key);
        Objects.requireNonNull(fix);
        Objects.requireNonNull(fixTime);
        Objects.requireNonNull(received);
        Objects.requireNonNull(itemId);
        Objects.requireNonNull(publisher);
        if (!fix.sharing()) throw new IllegalArgumentException("a position has a lat and a lon");
    }

    public double lat() {
        return fix.lat();
    }

    public double lon() {
        return fix.lon();
    }

    /**
     * Whether this fix replaces {@code latest} in the index: taken later, or at the same moment but published later.
     * Out-of-order fixes (a phone flushing a backlog, a retry) are kept in the history but never move the vehicle
     * backwards.
     */
    public boolean advances(Position latest) {
        if (latest == null) return true;
        int byTime = fixTime.compareTo(latest.fixTime);
        return byTime > 0 || (byTime == 0 && seq > latest.seq);
    }

    public Position asStale(boolean stale) {
        return new Position(key, fix, fixTime, received, itemId, seq, publisher, stale);
    }
}
