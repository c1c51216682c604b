package org.herald.xmpp.geo;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import org.herald.domain.PubSubException;
import org.herald.domain.geo.GeoNames;
import org.herald.service.geo.GeoQueries;
import org.herald.xmpp.component.Iq;
import org.herald.xmpp.component.IqHandler;
import org.herald.xmpp.component.IqType;
import org.herald.xmpp.pubsub.XmppErrors;
import org.herald.xmpp.stanza.XmlElement;

/**
 * A snapshot of a node's vehicles: {@code <positions xmlns='urn:herald:geo:0' node='N' [area='bbox=…'] [max-age='s']/>}
 * → {@code <positions node='N'>} with a {@code <position/>} per vehicle. Whoever may not retrieve the node's items
 * (XEP-0060 §6.5) gets the error item retrieval would give (§6.5.9), through the one error table.
 */
@ApplicationScoped
public class PositionsHandler implements IqHandler {
    private final GeoQueries queries;

    PositionsHandler(GeoQueries queries) {
        this.queries = queries;
    }

    @Override public String namespace() { return GeoNames.HERALD_GEO_NS; }
    @Override public String element() { return "positions"; }
    @Override public Set<IqType> types() { return Set.of(IqType.GET); }
    @Override public List<String> features() { return List.of(GeoNames.HERALD_GEO_NS); }

    @Override
    public Uni<XmlElement> handle(Iq iq) {
        return Uni.createFrom().deferred(() -> {
                    XmlElement q = iq.child();
                    String node = GeoIqArgs.node(q);
                    return queries.snapshot(iq.from(), node, GeoIqArgs.area(q), GeoIqArgs.maxAge(q)).map(s -> {
                        XmlElement.Builder out = XmlElement.builder("positions", GeoNames.HERALD_GEO_NS).attr("node", node);
                        s.positions().forEach(p -> out.child(PositionXml.of(p, s.node().config())));
                        return out.build();
                    });
                })
                .onFailure(PubSubException.class).transform(e -> XmppErrors.toStanzaError((PubSubException) e));
    }
}
