package org.herald.xmpp.pubsub.handler;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.herald.domain.Subscription;
import org.herald.service.PubSubService;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** §5.6: the requester's own subscriptions, at the service or one node. */
@ApplicationScoped
public class SubscriptionsHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB; }
    @Override public String element() { return "subscriptions"; }
    @Override public String iqType() { return "get"; }
    @Override public List<String> features() { return List.of("retrieve-subscriptions"); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        String node = r.optionalNode();
        return service.subscriptionsOf(r.actor(), node).map(subs -> {
            XmlElement.Builder out = XmlElement.builder("subscriptions", Namespaces.PUBSUB).attr("node", node);
            subs.forEach(s -> out.child(subscription(s, true)));
            return XmlElement.builder("pubsub", Namespaces.PUBSUB).child(out.build()).build();
        });
    }

    static XmlElement subscription(Subscription s, boolean withNode) {
        return XmlElement.builder("subscription", Namespaces.PUBSUB)
                .attr("node", withNode ? s.node() : null)
                .attr("jid", s.jid().toString())
                .attr("subscription", s.state().wire())
                .attr("subid", s.subId())
                .build();
    }
}
