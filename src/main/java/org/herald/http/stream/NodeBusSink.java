package org.herald.http.stream;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.herald.domain.AccessModel;
import org.herald.domain.AccessPolicy;
import org.herald.domain.Jid;
import org.herald.service.event.AffiliationChanged;
import org.herald.service.event.CollectionChanged;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.ItemsRetracted;
import org.herald.service.event.NodeConfigured;
import org.herald.service.event.NodeDeleted;
import org.herald.service.event.NodePurged;
import org.herald.service.event.PositionsStale;
import org.herald.service.event.PubSubEvent;
import org.herald.service.event.SubscriptionChanged;
import org.herald.service.port.EventSink;

/**
 * Puts the core's committed events on the {@link NodeBus}, one per node, in the shape streams need. The XMPP
 * recipients an event names are not the streams' audience: each stream asks the core about its own reader.
 */
@ApplicationScoped
public class NodeBusSink implements EventSink {
    private final NodeBus bus;

    NodeBusSink(NodeBus bus) {
        this.bus = bus;
    }

    /** Streams follow nodes as a whole, so they hear of changes no XMPP subscriber is told of too. */
    @Override
    public boolean followsNodes() {
        return true;
    }

    @Override
    public void emit(PubSubEvent event) {
        NodeEvent e = translate(event);
        if (e != null) bus.publish(e);
    }

    static NodeEvent translate(PubSubEvent event) {
        String node = event.node().id();
        if (event instanceof ItemsPublished p) {
            // a digest re-delivers earlier items to one XMPP subscriber (§6.3.7): streams have had them already
            return p.digest() ? null : new NodeEvent(NodeEvent.Kind.ITEMS, node, p.stored(), List.of(), null, null, null,
                    p.node().config().showsPublisher(), p.geo(), List.of());
        }
        if (event instanceof ItemsRetracted r) {
            return new NodeEvent(NodeEvent.Kind.RETRACT, node, List.of(), r.itemIds(), null, null, null, false);
        }
        if (event instanceof PositionsStale s) return NodeEvent.stale(node, s.positions());
        if (event instanceof NodePurged) return NodeEvent.of(NodeEvent.Kind.PURGE, node);
        if (event instanceof NodeDeleted d) {
            return new NodeEvent(NodeEvent.Kind.DELETE, node, List.of(), List.of(), null, d.redirect(), null, false);
        }
        if (event instanceof NodeConfigured) return NodeEvent.of(NodeEvent.Kind.ACCESS, node);
        if (event instanceof AffiliationChanged a) {
            // on presence/roster nodes an owner's change moves every stranger's roster standing (§4.5)
            Jid who = AccessPolicy.asksRoster(a.node().config()) ? null : a.jid().bare();
            return new NodeEvent(NodeEvent.Kind.ACCESS, node, List.of(), List.of(), who, null, null, false);
        }
        if (event instanceof SubscriptionChanged s && s.node().config().accessModel() == AccessModel.AUTHORIZE) {
            // only on authorize nodes does a subscription decide who reads (§4.5)
            return new NodeEvent(NodeEvent.Kind.ACCESS, node, List.of(), List.of(), s.jid().bare(), null, null, false);
        }
        if (event instanceof CollectionChanged c) {
            return new NodeEvent(NodeEvent.Kind.GRAPH, node, List.of(), List.of(), null, null, c.associated() ? c.child() : null, false);
        }
        return null;
    }
}
