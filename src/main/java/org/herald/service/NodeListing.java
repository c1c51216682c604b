package org.herald.service;

import java.util.List;

/**
 * What disco#items shows under a node (§5.2, §5.5): for a collection the NodeIDs of its children
 * ({@code nodes} true, XEP-0248 §disco-nodes), for a leaf the ids of its items.
 */
public record NodeListing(boolean nodes, List<String> ids) {
    public NodeListing {
        ids = List.copyOf(ids);
    }
}
