package org.herald.domain;

import java.util.Objects;

/**
 * A collection above a node in the node graph (XEP-0248), with the length of the shortest path to it: 1 for a
 * direct parent, 2 for a parent's parent, and so on. Subscription depths are measured against it.
 */
public record Ancestor(String nodeId, int depth) {
    public Ancestor {
        Objects.requireNonNull(nodeId);
        if (depth < 1) throw new IllegalArgumentException("an ancestor is at least one level up");
    }
}
