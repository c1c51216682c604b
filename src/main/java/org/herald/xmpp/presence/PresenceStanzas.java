package org.herald.xmpp.presence;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.herald.domain.Jid;
import org.herald.domain.SubscriptionOptions;
import org.herald.service.PubSubService;
import org.herald.xmpp.component.ComponentLink;
import org.herald.xmpp.component.PresenceHandler;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;
import org.jboss.logging.Logger;

/**
 * Every presence stanza addressed to the component (RFC 6121 §3, §4): availability goes to the
 * {@link PresenceTracker}; a resource coming online is told to the core (send_last_published_item
 * on_sub_and_presence, XEP-0060 §6.1.7), and one going offline too (temporary subscriptions, §13.5). Presence subscription requests are approved, and Herald asks for the
 * user's presence in return, so that a user who subscribes to the service shares presence with it even on a
 * server that grants Herald no XEP-0356 presence privilege (§13.6: "the pubsub service needs to subscribe to the
 * subscriber's presence").
 */
@ApplicationScoped
public class PresenceStanzas implements PresenceHandler {
    private static final Logger LOG = Logger.getLogger(PresenceStanzas.class);
    private static final String NS = Namespaces.COMPONENT_ACCEPT;

    @Inject
    PresenceTracker tracker;

    @Inject
    PubSubService service;

    @Inject
    Privileges privileges;

    @Inject
    ComponentLink link;

    @Override
    public Uni<Void> handle(XmlElement presence) {
        Jid from = Jid.tryParse(presence.attr("from"));
        if (from == null) return Uni.createFrom().voidItem();
        // Replies come from the address the presence went to: the component or a JID at it.
        String us = presence.attr("to") == null ? link.jid() : presence.attr("to");
        String type = presence.attr("type");
        if (type == null) {
            String show = show(presence);
            boolean arrived = tracker.available(from, show);
            return arrived && !from.isBare() ? service.available(from, show) : Uni.createFrom().voidItem();
        }
        switch (type) {
            // An error about our presence traffic means the user cannot be reached: as good as offline.
            case "unavailable", "error" -> {
                return left(from);
            }
            case "subscribe" -> {
                // Herald's own presence tells nothing worth protecting: every request is approved (RFC 6121 §3.1.4).
                send(presence(us, from.bare(), "subscribed"));
                send(presence(us, from.bare(), "subscribe"));
            }
            case "unsubscribe" -> {
                send(presence(us, from.bare(), "unsubscribed"));
                return left(from.bare());
            }
            // The user no longer shares presence with Herald (or, answering a probe, never did): what it knew of them
            // is stale, unless their server forwards their presence under the XEP-0356 privilege anyway.
            case "unsubscribed" -> {
                if ("none".equals(privileges.of(from.domain()).presence())) return left(from.bare());
            }
            // RFC 6121 §4.3: a probe asks for our current presence; the service is available while connected.
            case "probe" -> send(presence(us, from, null));
            default -> LOG.debugf("Ignoring presence of type %s from %s", type, from);
        }
        return Uni.createFrom().voidItem();
    }

    /** A resource (or, bare, the whole account) went offline: the core ends its temporary subscriptions (§13.5). */
    private Uni<Void> left(Jid who) {
        tracker.unavailable(who);
        return service.unavailable(who);
    }

    /** RFC 6121 §4.7.2.1: away, chat, dnd or xa; no (or an unknown) {@code <show/>} means plainly available. */
    static String show(XmlElement presence) {
        String show = presence.childText("show", NS);
        if (show == null) return "online";
        show = show.trim();
        return SubscriptionOptions.SHOW_VALUES.contains(show) && !"online".equals(show) ? show : "online";
    }

    private static XmlElement presence(String from, Jid to, String type) {
        XmlElement.Builder b = XmlElement.builder("presence", NS).attr("from", from).attr("to", to.toString());
        if (type != null) b.attr("type", type);
        return b.build();
    }

    private void send(XmlElement stanza) {
        link.send(stanza);
    }
}
