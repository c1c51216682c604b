package org.herald.domain.geo;

import org.herald.domain.WireValue;

/**
 * What a node does with a geoloc payload that fails validation (node option herald#geo_invalid): refuse the publish
 * with bad-request naming the element (the default), or store the item as sent, flagged, and keep it out of the
 * position index (for archives that must keep whatever devices send).
 */
public enum InvalidGeoPolicy implements WireValue {
    REJECT("reject"),
    FLAG("flag");

    private final String wire;

    InvalidGeoPolicy(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
