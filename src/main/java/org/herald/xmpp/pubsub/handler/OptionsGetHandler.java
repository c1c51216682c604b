package org.herald.xmpp.pubsub.handler;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.herald.service.PubSubService;
import org.herald.xmpp.form.DataForm;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.pubsub.SubscriptionForms;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** §6.3.1–§6.3.4: the subscriber asks for a subscription's options form. */
@ApplicationScoped
public class OptionsGetHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB; }
    @Override public String element() { return "options"; }
    @Override public String iqType() { return "get"; }
    // §6.1.6: a JID may hold several subscriptions to a node, told apart by SubID; §13.19 leases via pubsub#expire.
    @Override public List<String> features() { return List.of("subscription-options", "multi-subscribe", "leased-subscription"); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        String node = r.node();
        var jid = SubscriptionForms.subscriber(r.action());
        return service.subscriptionOptions(r.actor(), node, jid, SubscriptionForms.subId(r.action()))
                .map(s -> XmlElement.builder("pubsub", Namespaces.PUBSUB)
                        // the SubID is always named, as §6.1.6 wants on every <subscription/>-like answer
                        .child(SubscriptionForms.options(node, s.jid(), s.subId(),
                                SubscriptionForms.render(service.optionsForm(), s.options(), DataForm.FORM)))
                        .build());
    }
}
