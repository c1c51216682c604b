package org.herald.service.port;

import java.time.Instant;
import org.herald.domain.Jid;

/**
 * A slice of one node's items, by keyset on the publication sequence number (never an OFFSET scan, except for an
 * explicit XEP-0059 index) and optionally by publication time. Bounds are exclusive on seq, inclusive on time.
 *
 * @param notBefore only items published at or after this instant, or null
 * @param notAfter only items published at or before this instant, or null
 * @param seqAbove only items whose seq is greater, or null
 * @param seqBelow only items whose seq is smaller, or null
 * @param publisher only items of this publisher, or null; a bare JID matches each of its resources
 * @param ascending oldest first when true, newest first otherwise
 * @param limit the most items to return
 * @param offset items to skip first (XEP-0059 §2.4 page by index), usually 0
 */
public record ItemRange(Instant notBefore, Instant notAfter, Long seqAbove, Long seqBelow, Jid publisher,
                        boolean ascending, int limit, int offset) {
    public ItemRange {
        if (limit < 0) throw new IllegalArgumentException("limit must not be negative: " + limit);
        if (offset < 0) throw new IllegalArgumentException("offset must not be negative: " + offset);
    }

    /** The same bounds with other seq bounds (for counting what lies before an item). */
    public ItemRange withSeqBounds(Long above, Long below) {
        return new ItemRange(notBefore, notAfter, above, below, publisher, ascending, limit, offset);
    }
}
