package org.herald.domain.geo;

import java.util.Objects;

/** A position with the node whose index holds it. */
public record NodePosition(String node, Position position) {
    public NodePosition {
        Objects.requireNonNull(node);
        Objects.requireNonNull(position);
    }
}
