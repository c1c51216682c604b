package org.herald.service;

import java.util.List;
import org.herald.domain.Jid;
import org.herald.domain.Node;

/**
 * A node as a requester may see it (§5.3/§5.4): the configuration and the node's "automatic" meta-data (owners,
 * publishers, number of subscribers) only when {@code readable}; otherwise those lists are empty and the count 0.
 */
public record NodeView(Node node, boolean readable, List<Jid> owners, List<Jid> publishers, int subscribers) {
    public NodeView {
        owners = List.copyOf(owners);
        publishers = List.copyOf(publishers);
    }

    public NodeView(Node node, boolean readable) {
        this(node, readable, List.of(), List.of(), 0);
    }
}
