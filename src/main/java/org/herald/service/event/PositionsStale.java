package org.herald.service.event;

import java.util.List;
import org.herald.domain.Node;
import org.herald.domain.geo.Position;

/**
 * Vehicles of the node fell silent for longer than its herald#stale_after (issue #7): {@code positions} are their
 * index entries as they are now, marked stale, each with the last fix received. Told to the node's subscribers; a
 * subscription with an area filter hears only of vehicles whose last position lies inside it (the delivery carries
 * an {@link AreaMark} INSIDE for it). Front-ends that follow a node as a whole (HTTP streams) apply their own area.
 * A vehicle's next fix makes it active again ({@link org.herald.domain.geo.GeoChange#wasStale()}).
 */
public record PositionsStale(Node node, List<Position> positions, List<Delivery> recipients) implements PubSubEvent {
    public PositionsStale {
        positions = List.copyOf(positions);
        recipients = List.copyOf(recipients);
    }
}
