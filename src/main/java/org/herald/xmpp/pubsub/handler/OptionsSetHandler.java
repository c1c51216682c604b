package org.herald.xmpp.pubsub.handler;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.service.PubSubService;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.pubsub.SubscriptionForms;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** §6.3.5–§6.3.6: the subscriber submits a subscription's options form. */
@ApplicationScoped
public class OptionsSetHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB; }
    @Override public String element() { return "options"; }
    @Override public String iqType() { return "set"; }
    @Override public List<String> features() { return List.of(); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        if (r.sibling("subscribe") != null) {
            // §6.3.7: in subscribe-and-configure the <options/> MUST follow the <subscribe/>
            throw PubSubException.of(PubSubError.BAD_REQUEST, "<options/> must follow <subscribe/>");
        }
        String node = r.node();
        var jid = SubscriptionForms.subscriber(r.action());
        String subId = SubscriptionForms.subId(r.action());
        Map<String, List<String>> form = SubscriptionForms.submitted(r.action());
        // A cancelled form changes nothing (XEP-0004 §3.1), but the subscription must still be the requester's.
        Uni<?> done = form == null
                ? service.subscriptionOptions(r.actor(), node, jid, subId)
                : service.configureSubscription(r.actor(), node, jid, subId, form);
        return done.replaceWith((XmlElement) null);
    }
}
