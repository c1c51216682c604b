package org.herald.xmpp.pubsub;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.herald.config.ComponentConfig;
import org.herald.service.ServiceSettings;
import org.herald.service.config.NodeConfigForm;
import org.herald.service.event.AffiliationChanged;
import org.herald.service.event.AuthorizationRequested;
import org.herald.service.event.Delivery;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.PositionsStale;
import org.herald.service.event.LastPublishedItem;
import org.herald.service.event.PubSubEvent;
import org.herald.service.event.SubscriptionChanged;
import org.herald.service.port.EventSink;
import org.herald.xmpp.component.ComponentLink;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;
import org.herald.xmpp.stanza.XmlRaw;

/**
 * Delivers committed events as XEP-0060 notification messages through the component link. The {@code <event/>}
 * is serialised once per event; each recipient only gets its own envelope around it, because Prosody's stanza
 * parsing, not Herald, should be the limit on notification throughput.
 */
@ApplicationScoped
public class XmppNotifier implements EventSink {
    static final String DELAY = "urn:xmpp:delay";

    private final AtomicLong sequence = new AtomicLong();
    private final String idPrefix = Long.toString(System.nanoTime(), 36) + "-";

    @Inject
    ComponentLink link;

    @Inject
    ComponentConfig component;

    private final NodeConfigForm configForm;
    /** Notification messages handed to the link, and those it dropped (link down, send queue full). */
    private final Counter sent;
    private final Counter dropped;

    @Inject
    public XmppNotifier(ServiceSettings settings, MeterRegistry registry) {
        this.configForm = new NodeConfigForm(settings.limits());
        this.sent = notifications(registry, "sent");
        this.dropped = notifications(registry, "dropped");
    }

    private static Counter notifications(MeterRegistry registry, String result) {
        return Counter.builder("herald.xmpp.notifications").description("Notification messages sent over the component link")
                .tag("result", result).register(registry);
    }

    @Override
    public void emit(PubSubEvent event) {
        Context context = Vertx.currentContext();
        if (event instanceof LastPublishedItem && context != null) {
            // The core emits while the subscribe request is still being answered: sending on the context's next
            // turn lets the subscriber hear its IQ result first, then the item (§6.1.7).
            context.runOnContext(v -> send(event));
            return;
        }
        send(event);
    }

    private void send(PubSubEvent event) {
        XmlRaw body = new XmlRaw(event instanceof PositionsStale stale ? staleXml(stale)
                : EventXml.render(event, configForm).toXml());
        // Herald's geo extension (docs/geo-publish.md): what the item did to the position index, same for everyone
        List<XmlElement> fixes = event instanceof ItemsPublished p ? GeoXml.fixes(p) : List.of();
        XmlElement approvalText = event instanceof AuthorizationRequested a ? AuthorizationForm.body(a) : null;
        String type = aboutAnEntity(event) ? "normal" : event.node().config().notificationType().wire();
        // §6.1.7: a last published item sent again is stamped as delayed delivery (XEP-0203), from its publication.
        XmlElement delay = event instanceof LastPublishedItem l
                ? XmlElement.builder("delay", DELAY).attr("stamp", l.item().published().toString()).build()
                : null;
        String text = null;
        boolean textDone = false;
        for (Delivery d : event.recipients()) {
            XmlElement.Builder envelope = XmlElement.builder("message", Namespaces.COMPONENT_ACCEPT)
                    .attr("from", component.jid())
                    .attr("to", d.to().toString())
                    .attr("type", type)
                    .attr("id", idPrefix + sequence.incrementAndGet());
            if (d.includeBody()) { // §13.8, worked out once per event
                if (!textDone) {
                    text = NotificationBody.of(event);
                    textDone = true;
                }
                if (text != null) envelope.textChild("body", text);
            }
            envelope.child(body);
            fixes.forEach(envelope::child);
            GeoXml.areas(d).forEach(envelope::child); // how the item met each of this recipient's area filters
            if (approvalText != null) envelope.child(approvalText);
            XmlElement headers = ShimHeaders.of(d); // SubID (§6.1.6, §13.16) and Collection (XEP-0248) headers
            if (headers != null) envelope.child(headers);
            if (delay != null) envelope.child(delay);
            XmlElement message = envelope.build();
            StringBuilder out = new StringBuilder(body.xml().length() + 160);
            message.writeTo(out, Namespaces.COMPONENT_ACCEPT);
            (link.send(out.toString()) ? sent : dropped).increment();
        }
    }

    /** A stale message carries no pubsub event: only Herald's {@code <stale/>} elements. */
    private static String staleXml(PositionsStale s) {
        StringBuilder out = new StringBuilder();
        GeoXml.stale(s).forEach(e -> out.append(e.toXml()));
        return out.toString();
    }

    /**
     * Approval requests (§8.6) and news of one's own subscription or affiliation (§13.14, §8.9.4) are normal
     * messages, as the spec's examples show them (no type): servers keep them for an entity that is offline and
     * deliver them to an account's bare JID, where headlines are dropped. pubsub#notification_type governs the
     * notifications of what happens to a node's items and configuration.
     */
    private static boolean aboutAnEntity(PubSubEvent event) {
        return event instanceof AuthorizationRequested || event instanceof SubscriptionChanged
                || event instanceof AffiliationChanged;
    }
}
