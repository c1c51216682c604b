package org.herald.service.geo;

import java.util.List;
import org.herald.domain.Node;
import org.herald.domain.geo.Position;

/**
 * The latest positions of a node's vehicles in an area.
 *
 * @param node the node, as read behind the access check (its configuration says whether publishers are shown)
 * @param positions ordered by key, so that answers are stable
 */
public record Snapshot(Node node, List<Position> positions) {
    public Snapshot {
        positions = List.copyOf(positions);
    }
}
