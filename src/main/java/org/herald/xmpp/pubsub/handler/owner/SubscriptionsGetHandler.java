package org.herald.xmpp.pubsub.handler.owner;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.herald.service.PubSubService;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** §8.8.1: the owner lists the node's subscriptions. */
@ApplicationScoped
public class SubscriptionsGetHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB_OWNER; }
    @Override public String element() { return "subscriptions"; }
    @Override public String iqType() { return "get"; }
    @Override public List<String> features() { return List.of("manage-subscriptions"); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        String node = r.node();
        return service.subscriptions(r.actor(), node).map(subs -> {
            XmlElement.Builder out = XmlElement.builder("subscriptions", Namespaces.PUBSUB_OWNER).attr("node", node);
            subs.forEach(s -> out.child(XmlElement.builder("subscription", Namespaces.PUBSUB_OWNER)
                    .attr("jid", s.jid().toString())
                    .attr("subscription", s.state().wire())
                    .attr("subid", s.subId())
                    .build()));
            return XmlElement.builder("pubsub", Namespaces.PUBSUB_OWNER).child(out.build()).build();
        });
    }
}
