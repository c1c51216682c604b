package org.herald.domain;

import java.time.Instant;
import java.util.Objects;

/** A pubsub node (XEP-0060 §4.4): its NodeID, configuration and creation facts. */
public record Node(String id, NodeConfig config, Jid creator, Instant created) {
    public Node {
        Objects.requireNonNull(id);
        Objects.requireNonNull(config);
        Objects.requireNonNull(creator);
        Objects.requireNonNull(created);
    }

    public Node withConfig(NodeConfig c) {
        return new Node(id, c, creator, created);
    }
}
