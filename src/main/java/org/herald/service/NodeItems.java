package org.herald.service;

import java.util.List;
import org.herald.domain.Item;
import org.herald.domain.Node;

/** Items retrieved from a node, with the node as it was read, so they are rendered as its configuration says. */
public record NodeItems(Node node, List<Item> items) {
    public NodeItems {
        items = List.copyOf(items);
    }
}
