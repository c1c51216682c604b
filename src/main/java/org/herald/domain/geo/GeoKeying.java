package org.herald.domain.geo;

import org.herald.domain.WireValue;

/**
 * What one entry of a node's latest-position index stands for (node option herald#geo_key): each publisher (one
 * device, one JID, as XEP-0080 over PEP) or each item id (a fleet gateway publishing every vehicle under its own
 * ItemID, the vehicle id).
 */
public enum GeoKeying implements WireValue {
    PUBLISHER("publisher"),
    ITEM("item");

    private final String wire;

    GeoKeying(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
