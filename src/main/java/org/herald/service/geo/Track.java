package org.herald.service.geo;

import java.util.List;
import org.herald.domain.Node;
import org.herald.domain.geo.Position;

/**
 * The history of one vehicle over a time range, downsampled for display.
 *
 * @param node the node, as read behind the access check (its configuration says whether publishers are shown)
 * @param total how many fixes the range holds (at most {@link GeoQueries#MAX_TRACK_FIXES})
 * @param points at most the requested number of those fixes, oldest first, first and last kept
 */
public record Track(Node node, String key, int total, List<Position> points) {
    public Track {
        points = List.copyOf(points);
    }
}
