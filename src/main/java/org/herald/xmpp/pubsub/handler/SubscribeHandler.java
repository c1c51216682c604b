package org.herald.xmpp.pubsub.handler;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.SendLastPublishedItem;
import org.herald.domain.Subscription;
import org.herald.service.PubSubService;
import org.herald.xmpp.form.DataForm;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.pubsub.SubscriptionForms;
import org.herald.xmpp.pubsub.WireValues;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** §6.1: subscribe a bare or full JID to a node; with an {@code <options/>} sibling, §6.3.7 subscribe-and-configure. */
@ApplicationScoped
public class SubscribeHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB; }
    @Override public String element() { return "subscribe"; }
    @Override public String iqType() { return "set"; }
    /**
     * last-published only when the service's default sends the last item on subscription and presence: §4.3 says
     * the default MUST then be on_sub_and_presence, and §6.1.7 ties the feature to sending it by default. Operators
     * choose it with herald.pubsub.defaults.send_last_published_item.
     */
    @Override public List<String> features() {
        return service.defaultConfiguration().sendLastPublishedItem() == SendLastPublishedItem.ON_SUB_AND_PRESENCE
                ? List.of("subscribe", "last-published") : List.of("subscribe");
    }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        String node = r.node();
        var jid = WireValues.jid(r.action().attr("jid"), PubSubError.INVALID_JID);
        XmlElement options = r.sibling("options");
        if (options == null) return service.subscribe(r.actor(), node, jid).map(s -> result(s, null));
        // §6.3.7: the <options/> names neither node nor JID (the <subscribe/> does), else bad-request.
        if (options.attr("node") != null || options.attr("jid") != null) {
            throw PubSubException.of(PubSubError.BAD_REQUEST, "<options/> with <subscribe/> must not carry 'node' or 'jid'");
        }
        Map<String, List<String>> form = SubscriptionForms.submitted(options);
        return service.subscribe(r.actor(), node, jid, form) // a cancelled form: the defaults
                .map(s -> result(s, XmlElement.builder("options", Namespaces.PUBSUB)
                        .child(SubscriptionForms.render(service.optionsForm(), s.options(), DataForm.RESULT)).build()));
    }

    /**
     * §6.1.2: the subscription as it now stands, with an empty {@code <subscribe-options/>} telling that options
     * may be configured but need not be (§6.1.5); after subscribe-and-configure, the resulting options (§6.3.7).
     */
    static XmlElement result(Subscription s, XmlElement options) {
        XmlElement subscription = SubscriptionsHandler.subscription(s, true);
        XmlElement.Builder withOptions = XmlElement.builder("subscription", Namespaces.PUBSUB);
        subscription.attributes().forEach(withOptions::attr);
        withOptions.child(XmlElement.empty("subscribe-options", Namespaces.PUBSUB));
        XmlElement.Builder out = XmlElement.builder("pubsub", Namespaces.PUBSUB).child(withOptions.build());
        if (options != null) out.child(options);
        return out.build();
    }
}
