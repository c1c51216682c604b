package org.herald.xmpp.geo;

import org.herald.domain.NodeConfig;
import org.herald.domain.geo.GeoNames;
import org.herald.domain.geo.Position;
import org.herald.geo.GeolocXml;
import org.herald.xmpp.stanza.XmlElement;
import org.herald.xmpp.stanza.XmlRaw;

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
        // the canonical XEP-0080 form every surface of Herald writes (GeolocXml), serialised by Herald itself
        return b.child(new XmlRaw(GeolocXml.toXml(p.fix()))).build();
    }
}
