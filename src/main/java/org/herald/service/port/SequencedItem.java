package org.herald.service.port;

import org.herald.domain.Item;

/** An item with its place in the store's publication order, which digest cursors count in. */
public record SequencedItem(Item item, long seq) {
}
