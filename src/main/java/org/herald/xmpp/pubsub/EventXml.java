package org.herald.xmpp.pubsub;

import java.time.format.DateTimeFormatter;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionState;
import org.herald.service.event.CollectionChanged;
import org.herald.service.event.AffiliationChanged;
import org.herald.service.event.AuthorizationRequested;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.LeaseExpired;
import org.herald.service.event.ItemsRetracted;
import org.herald.service.event.LastPublishedItem;
import org.herald.service.event.NodeConfigured;
import org.herald.service.event.NodeDeleted;
import org.herald.service.event.NodePurged;
import org.herald.service.event.PubSubEvent;
import org.herald.service.event.SubscriptionChanged;
import org.herald.service.config.NodeConfigForm;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/**
 * Renders a core event as the payload of its notification message, once for all recipients: mostly the
 * {@code <event xmlns='...#event'/>}; an affiliation change is a {@code <pubsub/>} (§8.9.4) and an approval
 * request a data form (§8.6).
 */
final class EventXml {
    private static final String NS = Namespaces.PUBSUB_EVENT;

    private EventXml() {
    }

    static XmlElement render(PubSubEvent event, NodeConfigForm configForm) {
        String node = event.node().id();
        XmlElement body;
        if (event instanceof AuthorizationRequested a) {
            return AuthorizationForm.render(a);
        } else if (event instanceof AffiliationChanged a) { // §8.9.4 [owner-affiliations-notify]
            XmlElement affiliations = XmlElement.builder("affiliations", Namespaces.PUBSUB).attr("node", node)
                    .child(XmlElement.builder("affiliation", Namespaces.PUBSUB)
                            .attr("jid", a.jid().toString()).attr("affiliation", a.affiliation().wire()).build())
                    .build();
            return XmlElement.builder("pubsub", Namespaces.PUBSUB).child(affiliations).build();
        } else if (event instanceof SubscriptionChanged c) { // §13.14 [impl-subchange], §8.8.4
            body = XmlElement.builder("subscription", NS).attr("node", node).attr("jid", c.jid().toString())
                    .attr("subscription", c.state().wire()).attr("subid", c.subId()).build();
        } else if (event instanceof ItemsPublished p) {
            // §7.1.2.1 (payload) / §7.1.2.2 (notification only); items dropped by max_items follow as retracts.
            XmlElement.Builder items = XmlElement.builder("items", NS).attr("node", node);
            boolean transientNotificationOnly = !p.node().config().persistItems() && !p.withPayload();
            if (!transientNotificationOnly) { // §4.3: those carry an empty <items/>
                p.items().forEach(i -> items.child(ItemsXml.item(NS, i, p.withPayload(), p.node().config())));
            }
            p.dropped().forEach(id -> items.child(retract(id)));
            body = items.build();
        } else if (event instanceof LastPublishedItem l) { // §6.1.7: the newest item, as its publication told it
            body = XmlElement.builder("items", NS).attr("node", node)
                    .child(ItemsXml.item(NS, l.item(), l.withPayload(), l.node().config())).build();
        } else if (event instanceof ItemsRetracted r) { // §7.2.2.1
            XmlElement.Builder items = XmlElement.builder("items", NS).attr("node", node);
            r.itemIds().forEach(id -> items.child(retract(id)));
            body = items.build();
        } else if (event instanceof NodePurged) { // §8.5.2
            body = XmlElement.builder("purge", NS).attr("node", node).build();
        } else if (event instanceof NodeDeleted d) { // §8.4.2
            XmlElement.Builder delete = XmlElement.builder("delete", NS).attr("node", node);
            if (d.redirect() != null) delete.child(XmlElement.builder("redirect", NS).attr("uri", d.redirect()).build());
            body = delete.build();
        } else if (event instanceof NodeConfigured c) { // §8.2.5.4: payload nodes carry the new configuration
            XmlElement.Builder configuration = XmlElement.builder("configuration", NS).attr("node", node);
            if (c.withConfig()) configuration.child(ConfigForms.render(configForm, c.node().config(), "result"));
            body = configuration.build();
        } else if (event instanceof CollectionChanged c) { // XEP-0248 §notify-associate-dissociate
            body = XmlElement.builder("collection", NS).attr("node", node)
                    .child(XmlElement.builder(c.associated() ? "associate" : "dissociate", NS).attr("node", c.child()).build())
                    .build();
        } else if (event instanceof LeaseExpired l) { // §13.19 lease end, told as a §13.14 state change
            Subscription sub = l.subscription();
            body = XmlElement.builder("subscription", NS)
                    .attr("node", node)
                    .attr("jid", sub.jid().toString())
                    .attr("subid", sub.subId())
                    .attr("subscription", SubscriptionState.NONE.wire())
                    .attr("expiry", sub.options().expire() == null ? null
                            : DateTimeFormatter.ISO_INSTANT.format(sub.options().expire()))
                    .build();
        } else {
            throw new IllegalArgumentException("unknown event " + event.getClass());
        }
        return XmlElement.builder("event", NS).child(body).build();
    }

    private static XmlElement retract(String id) {
        return XmlElement.builder("retract", NS).attr("id", id).build();
    }
}
