package org.herald.domain.geo;

/** The namespaces of geolocation payloads and of Herald's own geo extension elements. */
public final class GeoNames {
    /** XEP-0080 User Location. */
    public static final String GEOLOC_NS = "http://jabber.org/protocol/geoloc";
    /** Herald's extension: area crossings, stale/active marks and position queries. Versioned by its last segment. */
    public static final String HERALD_GEO_NS = "urn:herald:geo:0";

    private GeoNames() {
    }
}
