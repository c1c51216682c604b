package org.herald.xmpp.geo;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.herald.domain.geo.GeoNames;
import org.herald.service.geo.GeoQueries;
import org.herald.xmpp.component.Iq;
import org.herald.xmpp.stanza.XmlElement;

/**
 * A snapshot of a node's vehicles: {@code <positions xmlns='urn:herald:geo:0' node='N' [area='bbox=…'] [max-age='s']/>}
 * → {@code <positions node='N'>} with a {@code <position/>} per vehicle. Whoever may not retrieve the node's items
 * (XEP-0060 §6.5) gets the error item retrieval would give (§6.5.9), through the one error table.
 */
@Singleton
public class PositionsHandler extends GeoQueryHandler {
    PositionsHandler(GeoQueries queries) {
        super(queries);
    }

    @Override public String element() { return "positions"; }

    @Override
    protected Uni<XmlElement> answer(Iq iq, XmlElement q) {
        String node = GeoIqArgs.node(q);
        return queries.snapshot(iq.from(), node, GeoIqArgs.area(q), GeoIqArgs.maxAge(q)).map(s -> {
            XmlElement.Builder out = XmlElement.builder("positions", GeoNames.HERALD_GEO_NS).attr("node", node);
            s.positions().forEach(p -> out.child(PositionXml.of(p, s.node().config())));
            return out.build();
        });
    }
}
