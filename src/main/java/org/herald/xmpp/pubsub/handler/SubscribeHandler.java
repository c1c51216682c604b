package org.herald.xmpp.pubsub.handler;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.Subscription;
import org.herald.service.PubSubService;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.pubsub.WireValues;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** §6.1: subscribe a bare or full JID to a node. */
@ApplicationScoped
public class SubscribeHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB; }
    @Override public String element() { return "subscribe"; }
    @Override public String iqType() { return "set"; }
    @Override public List<String> features() { return List.of("subscribe"); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        String node = r.node();
        var jid = WireValues.jid(r.action().attr("jid"), PubSubError.INVALID_JID);
        if (r.sibling("options") != null) {
            // §6.3.7 subscribe-and-configure needs subscription options, which this build does not offer yet.
            throw PubSubException.unsupported("subscription-options");
        }
        return service.subscribe(r.actor(), node, jid).map(SubscribeHandler::result);
    }

    /** §6.1.2: the subscription as it now stands. */
    static XmlElement result(Subscription s) {
        return XmlElement.builder("pubsub", Namespaces.PUBSUB)
                .child(SubscriptionsHandler.subscription(s, true))
                .build();
    }
}
