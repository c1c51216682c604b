package org.herald.service.geo;

import org.herald.domain.geo.Crossing;
import org.herald.domain.geo.GeoArea;
import org.herald.domain.geo.GeoChange;

/**
 * How one published item meets subscriptions with an area filter (herald#geo_area, XEP-0060 §13 content-based
 * pubsub): null means "tell it without a mark" (the item carries no geoloc: the filter is about positions, so other
 * items reach area subscribers as they reach everyone), {@link Crossing#OUTSIDE} means "not this subscription",
 * anything else is told with that mark.
 */
@FunctionalInterface
public interface AreaFilter {
    Crossing crossing(GeoArea area);

    /** An item without a geoloc: every subscription hears of it, unmarked. */
    AreaFilter NONE = area -> null;

    /** A flagged (invalid) geoloc cannot be placed in any area: area subscriptions do not hear of it. */
    AreaFilter NOWHERE = area -> Crossing.OUTSIDE;

    /** A valid fix or stop command: {@link Crossing#of}, the one rule every front-end applies. */
    static AreaFilter of(GeoChange change) {
        return change == null ? NONE : area -> Crossing.of(area, change);
    }
}
