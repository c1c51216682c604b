package org.herald.service;

import java.util.List;
import org.herald.domain.Node;
import org.herald.domain.StoredItem;

/**
 * One page of a node's items with what XEP-0059 tells about it.
 *
 * @param node the node, so front-ends render the items as its configuration says (e.g. itemreply)
 * @param items the page, in the result set's order
 * @param firstIndex the position of the page's first item in the full result set, or null for an empty page
 * @param count the number of items in the full result set
 * @param complete true when no further page exists in the direction paged (XEP-0313 §5.2.2 'complete')
 */
public record ItemPage(Node node, List<StoredItem> items, Integer firstIndex, long count, boolean complete) {
    public ItemPage {
        items = List.copyOf(items);
    }
}
