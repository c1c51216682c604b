package org.herald.domain;

import java.util.Objects;

/**
 * An item as the store keeps it, with its publication sequence number: unique across the service, never reused,
 * and larger for every later publish (a re-publish draws a new one). It orders items and is the stable cursor of
 * paged retrieval (XEP-0059) and the archive id of XEP-0313 queries.
 */
public record StoredItem(long seq, Item item) {
    public StoredItem {
        Objects.requireNonNull(item);
    }
}
