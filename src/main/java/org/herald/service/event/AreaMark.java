package org.herald.service.event;

import java.util.Objects;
import org.herald.domain.geo.Crossing;

/** How a delivered geoloc item relates to the area of one subscription (herald#geo_area) of its recipient. */
public record AreaMark(String subId, Crossing crossing) {
    public AreaMark {
        Objects.requireNonNull(subId);
        Objects.requireNonNull(crossing);
    }
}
