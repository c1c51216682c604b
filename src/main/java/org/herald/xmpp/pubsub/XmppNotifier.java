package org.herald.xmpp.pubsub;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.herald.config.ComponentConfig;
import org.herald.fanout.OutboxBatch;
import org.herald.fanout.OutboxUncertain;
import org.herald.fanout.XmppOutbox;
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
import org.jboss.logging.Logger;

/**
 * Delivers committed events as XEP-0060 notification messages through the component link. The {@code <event/>}
 * is serialised once per event; each recipient only gets its own envelope around it, because Prosody's stanza
 * parsing, not Herald, should be the limit on notification throughput. Without a link on this instance, or for
 * more recipients than {@code herald.fanout.batch-size}, the messages go through the XMPP outbox in Redis to the
 * instances holding a link (docs/cluster-link.md).
 */
@ApplicationScoped
public class XmppNotifier implements EventSink {
    static final String DELAY = "urn:xmpp:delay";
    private static final Logger LOG = Logger.getLogger(XmppNotifier.class);
    /** Where the shared middle goes; a control character XML 1.0 forbids, so it never occurs in real content. */
    private static final String MARK = "\u0003";
    private static final XmlRaw MIDDLE = new XmlRaw(MARK);

    private final AtomicLong sequence = new AtomicLong();
    private final String idPrefix = Long.toString(System.nanoTime(), 36) + "-";

    @Inject
    ComponentLink link;

    @Inject
    ComponentConfig component;

    @Inject
    XmppOutbox outbox;

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
        List<Delivery> recipients = event.recipients();
        if (recipients.isEmpty()) return;
        // The shared middle of every message: the <event/> (or stale notice) and Herald's geo fixes (docs/geo-publish.md),
        // what the item did to the position index, the same for everyone. Serialised once per event.
        StringBuilder shared = new StringBuilder(event instanceof PositionsStale stale ? staleXml(stale)
                : EventXml.render(event, configForm).toXml());
        if (event instanceof ItemsPublished p) {
            for (XmlElement fix : GeoXml.fixes(p)) fix.writeTo(shared, Namespaces.COMPONENT_ACCEPT);
        }
        String middle = shared.toString();
        Envelopes envelopes = new Envelopes(event);
        // docs/cluster-link.md: an instance without the link queues everything in the outbox for the instances that
        // have one; an instance with the link sends small sets itself and queues large ones in batches for every
        // linked instance to share, so that no publishing request sends thousands of stanzas in one loop.
        // A congested link (its socket is behind) also queues: the outbox consumer sends at the socket's pace.
        boolean queue = component.enabled()
                && (!link.isConnected() || link.congested() || recipients.size() > outbox.batchSize());
        int size = queue ? outbox.batchSize() : recipients.size();
        long now = System.currentTimeMillis();
        for (int from = 0; from < recipients.size(); from += size) {
            List<Delivery> chunk = recipients.subList(from, Math.min(recipients.size(), from + size));
            List<String> heads = new ArrayList<>(chunk.size());
            List<String> tails = new ArrayList<>(chunk.size());
            for (Delivery d : chunk) {
                String[] ht = envelopes.headAndTail(d);
                heads.add(ht[0]);
                tails.add(ht[1]);
            }
            OutboxBatch batch = new OutboxBatch(middle, heads, tails, now);
            if (queue) {
                outbox.add(batch).subscribe().with(v -> { }, e -> notQueued(batch, e));
            } else {
                sendDirectly(batch);
            }
        }
    }

    /**
     * Sends a batch over this instance's link at the socket's pace; what the link could not take because it went down
     * on the way goes to the outbox (issue #6: dropped only when neither is possible).
     */
    private void sendDirectly(OutboxBatch batch) {
        link.sendPaced(batch).subscribe().with(n -> {
            sent.increment(n);
            if (n < batch.size() && !component.enabled()) {
                dropped.increment(batch.size() - n); // no XMPP at all (herald.component.enabled=false)
            } else if (n < batch.size()) {
                OutboxBatch rest = new OutboxBatch(batch.middle(), batch.heads().subList(n, batch.size()),
                        batch.tails().subList(n, batch.size()), batch.createdMillis());
                outbox.add(rest).subscribe().with(v -> { }, e -> notQueued(rest, e));
            }
        }, e -> {
            LOG.errorf(e, "Sending %d notifications failed", batch.size());
            dropped.increment(batch.size());
        });
    }

    /**
     * Redis did not take a batch. Unreachable (nothing queued): with a link, send it now, as a single instance would;
     * without one it is lost (counted). No answer in time ({@link OutboxUncertain}): Redis may have queued it, so it
     * is neither sent here (that would duplicate what the outbox consumer sends) nor counted as dropped.
     */
    private void notQueued(OutboxBatch batch, Throwable cause) {
        if (cause instanceof OutboxUncertain) {
            LOG.warnf("%s: not sent directly, the outbox may hold them", cause.getMessage());
            return;
        }
        if (component.enabled() && link.isConnected()) {
            link.sendPaced(batch).subscribe().with(n -> {
                sent.increment(n);
                if (n < batch.size()) lost(batch.size() - n, cause);
            }, e -> lost(batch.size(), e));
            return;
        }
        lost(batch.size(), cause);
    }

    private void lost(int notifications, Throwable cause) {
        LOG.warnf("No component link here and the XMPP outbox failed (%s): dropped %d notifications", cause.toString(),
                notifications);
        outbox.dropped(notifications);
    }

    /** Renders each recipient's own part of a notification around a placeholder for the shared middle. */
    private final class Envelopes {
        private final PubSubEvent event;
        private final XmlElement approvalText;
        private final String type;
        private final XmlElement delay;
        private String text;
        private boolean textDone;

        Envelopes(PubSubEvent event) {
            this.event = event;
            this.approvalText = event instanceof AuthorizationRequested a ? AuthorizationForm.body(a) : null;
            this.type = aboutAnEntity(event) ? "normal" : event.node().config().notificationType().wire();
            // §6.1.7: a last published item sent again is stamped as delayed delivery (XEP-0203), from its publication.
            this.delay = event instanceof LastPublishedItem l
                    ? XmlElement.builder("delay", DELAY).attr("stamp", l.item().published().toString()).build()
                    : null;
        }

        /** {head, tail}: head + middle + tail is the recipient's message. */
        String[] headAndTail(Delivery d) {
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
            envelope.child(MIDDLE);
            GeoXml.areas(d).forEach(envelope::child); // how the item met each of this recipient's area filters
            if (approvalText != null) envelope.child(approvalText);
            XmlElement headers = ShimHeaders.of(d); // SubID (§6.1.6, §13.16) and Collection (XEP-0248) headers
            if (headers != null) envelope.child(headers);
            if (delay != null) envelope.child(delay);
            StringBuilder out = new StringBuilder(256);
            envelope.build().writeTo(out, Namespaces.COMPONENT_ACCEPT);
            int at = out.indexOf(MARK);
            return new String[] {out.substring(0, at), out.substring(at + MARK.length())};
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
