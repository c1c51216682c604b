package org.herald.xmpp.geo;

import org.herald.domain.NodeConfig;
import org.herald.domain.geo.GeoNames;
import org.herald.domain.geo.Geoloc;
import org.herald.domain.geo.Position;
import org.herald.xmpp.stanza.XmlElement;

/**
 * One position of a query answer: {@code <position xmlns='urn:herald:geo:0' key item fix-time received [stale]
 * [publisher]>} around the fix as an XEP-0080 {@code <geoloc/>}. The publisher is named only where the node's
 * pubsub#itemreply associates items with their publisher, as item retrieval does (XEP-0060 §7.1.2).
 */
final class PositionXml {
    private PositionXml() {
    }

    static XmlElement of(Position p, NodeConfig config) {
        XmlElement.Builder b = XmlElement.builder("position", GeoNames.HERALD_GEO_NS)
                .attr("key", p.key()).attr("item", p.itemId())
                .attr("fix-time", p.fixTime().toString()).attr("received", p.received().toString());
        if (p.stale()) b.attr("stale", "true");
        if (config.showsPublisher()) b.attr("publisher", p.publisher().bare().toString());
        return b.child(geoloc(p.fix())).build();
    }

    /** XEP-0080 §4: the reading in the XEP's units, elements in the order of its schema; the label as {@code <text/>}. */
    static XmlElement geoloc(Geoloc f) {
        XmlElement.Builder g = XmlElement.builder("geoloc", GeoNames.GEOLOC_NS);
        if (f.accuracy() != null) g.textChild("accuracy", decimal(f.accuracy()));
        if (f.alt() != null) g.textChild("alt", decimal(f.alt()));
        if (f.bearing() != null) g.textChild("bearing", decimal(f.bearing()));
        if (f.lat() != null) g.textChild("lat", decimal(f.lat()));
        if (f.lon() != null) g.textChild("lon", decimal(f.lon()));
        if (f.speed() != null) g.textChild("speed", decimal(f.speed()));
        if (f.label() != null) g.textChild("text", f.label());
        if (f.timestamp() != null) g.textChild("timestamp", f.timestamp().toString());
        return g.build();
    }

    /** xs:decimal has no exponent: 1.0E-5 would not be a valid XEP-0080 value. */
    private static String decimal(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
