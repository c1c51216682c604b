package org.herald.xmpp.geo;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.herald.domain.geo.GeoNames;
import org.herald.service.geo.GeoQueries;
import org.herald.xmpp.component.Iq;
import org.herald.xmpp.stanza.XmlElement;

/**
 * One vehicle's history: {@code <track xmlns='urn:herald:geo:0' node='N' key='K' [start] [end] [points]/>} →
 * {@code <track node key total>} with its {@code <position/>}s, oldest first, downsampled to at most 'points'.
 * Readable by whoever may retrieve the node's items (XEP-0060 §6.5).
 */
@Singleton
public class TrackHandler extends GeoQueryHandler {
    TrackHandler(GeoQueries queries) {
        super(queries);
    }

    @Override public String element() { return "track"; }

    @Override
    protected Uni<XmlElement> answer(Iq iq, XmlElement q) {
        String node = GeoIqArgs.node(q);
        String key = q.attr("key");
        return queries.track(iq.from(), node, key, GeoIqArgs.time(q, "start"), GeoIqArgs.time(q, "end"), GeoIqArgs.points(q))
                .map(t -> {
                    XmlElement.Builder out = XmlElement.builder("track", GeoNames.HERALD_GEO_NS)
                            .attr("node", node).attr("key", key).attr("total", Integer.toString(t.total()));
                    t.points().forEach(p -> out.child(PositionXml.of(p, t.node().config())));
                    return out.build();
                });
    }
}
