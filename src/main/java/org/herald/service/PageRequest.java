package org.herald.service;

import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;

/**
 * A XEP-0059 Result Set Management request. UIDs are opaque to the requester; which UIDs a result set uses is the
 * using protocol's choice (ItemIDs for XEP-0060 items, archive ids for XEP-0313).
 *
 * @param max the page size asked for, or null for the service's choice; 0 asks for the count only (§2.6)
 * @param after the UID the page follows (§2.2), or null
 * @param before the UID the page precedes (§2.3), "" for the last page (§2.4), or null
 * @param index the position of the page's first item (§2.5), or null
 */
public record PageRequest(Integer max, String after, String before, Integer index) {
    public PageRequest {
        if (max != null && max < 0) throw PubSubException.of(PubSubError.BAD_REQUEST, "RSM max must not be negative");
        if (index != null && index < 0) throw PubSubException.of(PubSubError.BAD_REQUEST, "RSM index must not be negative");
        // XEP-0313 §5.2.2: RSM does not define <before/> with <after/>; an index with a UID is just as ambiguous.
        if (after != null && before != null) {
            throw PubSubException.of(PubSubError.BAD_REQUEST, "RSM <after/> and <before/> cannot be combined");
        }
        if (index != null && (after != null || before != null)) {
            throw PubSubException.of(PubSubError.BAD_REQUEST, "RSM <index/> cannot be combined with <after/> or <before/>");
        }
        if (after != null && after.isEmpty()) throw PubSubException.of(PubSubError.BAD_REQUEST, "RSM <after/> needs a UID");
    }

    /** The first page of at most {@code max} items. */
    public static PageRequest first(int max) {
        return new PageRequest(max, null, null, null);
    }

    /** True when the page is counted backwards from a UID or from the end (§2.3, §2.4). */
    boolean backwards() {
        return before != null;
    }
}
