package org.herald.xmpp.pubsub;

import java.util.ArrayList;
import java.util.List;
import org.herald.domain.Item;
import org.herald.domain.geo.GeoChange;
import org.herald.domain.geo.GeoNames;
import org.herald.domain.geo.Position;
import org.herald.service.event.AreaMark;
import org.herald.service.event.Delivery;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.PositionsStale;
import org.herald.service.geo.GeoPublishing;
import org.herald.xmpp.stanza.XmlElement;

/**
 * Herald's geolocation extension elements ({@value GeoNames#HERALD_GEO_NS}; docs/geo-publish.md) beside XEP-0060
 * notifications: what a geoloc item did to the position index ({@code <fix/>}, one per item, the same for every
 * recipient), how it met each area subscription ({@code <area/>}, per recipient), and the stale message. Extension
 * elements in a namespace of their own, which clients that do not know it ignore (RFC 6120 §8.4).
 */
final class GeoXml {
    static final String NS = GeoNames.HERALD_GEO_NS;

    private GeoXml() {
    }

    /** One {@code <fix/>} per geoloc item of the event: indexed fixes and stop commands, then flagged items. */
    static List<XmlElement> fixes(ItemsPublished p) {
        if (p.geo().isEmpty() && p.flagged().isEmpty()) return List.of();
        List<XmlElement> out = new ArrayList<>();
        for (GeoChange g : p.geo()) {
            out.add(XmlElement.builder("fix", NS)
                    .attr("key", g.key())
                    .attr("item", g.itemId())
                    .attr("jump", flag(g.jump()))
                    .attr("future-skew", flag(g.futureSkew()))
                    .attr("active", flag(g.wasStale()))
                    // a late fix went into the track only: it did not move the vehicle
                    .attr("late", flag(!g.stopped() && !g.advanced()))
                    .build());
        }
        for (String id : p.flagged()) {
            Item item = p.items().stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
            if (item == null) continue;
            out.add(XmlElement.builder("fix", NS).attr("key", GeoPublishing.key(p.node(), item)).attr("item", id)
                    .attr("flagged", "true").build());
        }
        return out;
    }

    /** One {@code <area/>} per area subscription the delivery answers. */
    static List<XmlElement> areas(Delivery d) {
        if (d.areas().isEmpty()) return List.of();
        List<XmlElement> out = new ArrayList<>(d.areas().size());
        for (AreaMark m : d.areas()) {
            out.add(XmlElement.builder("area", NS).attr("subid", m.subId()).attr("crossing", m.crossing().wire()).build());
        }
        return out;
    }

    /** The stale message's content: one {@code <stale/>} per vehicle, since its last fix was received. */
    static List<XmlElement> stale(PositionsStale s) {
        List<XmlElement> out = new ArrayList<>(s.positions().size());
        for (Position p : s.positions()) {
            out.add(XmlElement.builder("stale", NS)
                    .attr("node", s.node().id())
                    .attr("key", p.key())
                    .attr("since", p.received().toString())
                    .build());
        }
        return out;
    }

    /** Attributes that are present only when true, so a plain fix stays a short element. */
    private static String flag(boolean on) {
        return on ? "true" : null;
    }
}
