package org.herald.xmpp.pubsub.handler.owner;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.SubscriptionChange;
import org.herald.domain.SubscriptionState;
import org.herald.service.PubSubService;
import org.herald.xmpp.component.StanzaErrorException;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.pubsub.WireValues;
import org.herald.xmpp.pubsub.XmppErrors;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/**
 * §8.8.2: the owner changes subscription states, "none" deleting a subscriber (§8.8.3). A refused request
 * returns the entries at fault with the state they keep, inside the error (§8.8.2.4).
 */
@ApplicationScoped
public class SubscriptionsSetHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB_OWNER; }
    @Override public String element() { return "subscriptions"; }
    @Override public String iqType() { return "set"; }
    // §13.14: subscribers hear of the changes owners make (and of approvals and denials, §8.6).
    @Override public List<String> features() { return List.of("manage-subscriptions", "subscription-notifications"); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        String node = r.node();
        List<SubscriptionChange> changes = new ArrayList<>();
        for (XmlElement s : r.action().children("subscription", Namespaces.PUBSUB_OWNER)) {
            String state = s.attr("subscription");
            SubscriptionState wanted = state == null ? null : SubscriptionState.fromWire(state);
            if (state != null && wanted == null) {
                throw PubSubException.of(PubSubError.BAD_REQUEST, "'" + state + "' is not a subscription state");
            }
            changes.add(new SubscriptionChange(WireValues.jid(s.attr("jid"), PubSubError.BAD_REQUEST), s.attr("subid"), wanted));
        }
        if (changes.isEmpty()) throw PubSubException.of(PubSubError.BAD_REQUEST, "no subscription to change");
        return service.modifySubscriptions(r.actor(), node, changes)
                .replaceWith((XmlElement) null)
                .onFailure(e -> e instanceof PubSubException p && !p.rejected().isEmpty())
                .transform(e -> withRejected(node, (PubSubException) e));
    }

    /** §8.8.2.4: the error carries {@code <subscriptions/>} with each refused entry as it still stands. */
    private static StanzaErrorException withRejected(String node, PubSubException e) {
        XmlElement.Builder subs = XmlElement.builder("subscriptions", Namespaces.PUBSUB_OWNER).attr("node", node);
        for (SubscriptionChange c : e.rejected()) {
            subs.child(XmlElement.builder("subscription", Namespaces.PUBSUB_OWNER)
                    .attr("jid", c.jid().toString())
                    .attr("subscription", c.state() == null ? null : c.state().wire())
                    .attr("subid", c.subId())
                    .build());
        }
        StanzaErrorException plain = XmppErrors.toStanzaError(e);
        return new StanzaErrorException(plain.type(), plain.condition(), plain.applicationCondition(), plain.text(),
                XmlElement.builder("pubsub", Namespaces.PUBSUB_OWNER).child(subs.build()).build());
    }
}
