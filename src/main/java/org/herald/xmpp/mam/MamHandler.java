package org.herald.xmpp.mam;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.StoredItem;
import org.herald.fanout.OutboxBatch;
import org.herald.service.ArchiveIds;
import org.herald.service.ArchiveQuery;
import org.herald.service.ItemPage;
import org.herald.service.PageRequest;
import org.herald.service.PubSubService;
import org.herald.service.config.FieldSpec;
import org.herald.service.config.FieldType;
import org.herald.xmpp.component.ComponentLink;
import org.herald.xmpp.component.Iq;
import org.herald.xmpp.component.IqHandler;
import org.herald.xmpp.component.IqType;
import org.herald.xmpp.form.DataForm;
import org.herald.xmpp.pubsub.ItemsXml;
import org.herald.xmpp.pubsub.NodeFeatures;
import org.herald.xmpp.pubsub.XmppErrors;
import org.herald.xmpp.rsm.RsmXml;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/**
 * XEP-0313 Message Archive Management on pubsub nodes: a query addressed to the service names the node in its
 * 'node' attribute (§6.2.4, the attribute reserved for pubsub archives). A node's archive is the items it keeps,
 * oldest first; each comes as a result message forwarding (XEP-0297) the event notification a subscriber would
 * have received, stamped (XEP-0203) with its publication time, and the IQ result {@code <fin/>} follows them.
 * Who may query is exactly who may retrieve the node's items: the core decides.
 */
@ApplicationScoped
public class MamHandler implements IqHandler, NodeFeatures {

    /** §4.1: the fields this archive filters by; any other submitted field is feature-not-implemented. */
    static final List<FieldSpec> FIELDS = List.of(
            new FieldSpec("with", FieldType.JID_SINGLE, "Items of this publisher", List.of()),
            new FieldSpec("start", FieldType.TEXT_SINGLE, "Items published at or after this time", List.of()),
            new FieldSpec("end", FieldType.TEXT_SINGLE, "Items published at or before this time", List.of()));

    private final AtomicLong sequence = new AtomicLong();
    private final String idPrefix = "mam-" + Long.toString(System.nanoTime(), 36) + "-";

    @Inject
    PubSubService service;

    @Inject
    ComponentLink link;

    @Override
    public String namespace() {
        return Namespaces.MAM;
    }

    @Override
    public String element() {
        return "query";
    }

    @Override
    public Set<IqType> types() {
        return Set.of(IqType.GET, IqType.SET);
    }

    /** The service itself keeps no archive: only nodes claim urn:xmpp:mam:2 ({@link #nodeFeatures}). */
    @Override
    public List<String> features() {
        return List.of();
    }

    /** A node has an archive when it keeps items (§6.2.4); no #extended: before-id/after-id/ids, flip-page are not served. */
    @Override
    public List<String> nodeFeatures(Node node) {
        return node.config().persistItems() ? List.of(Namespaces.MAM) : List.of();
    }

    @Override
    public Uni<XmlElement> handle(Iq iq) {
        return Uni.createFrom().deferred(() -> iq.type() == IqType.GET ? Uni.createFrom().item(form(iq)) : query(iq))
                .onFailure(PubSubException.class).transform(e -> XmppErrors.toStanzaError((PubSubException) e));
    }

    /** §4.1.5 "Retrieving form fields": the fields a query may use. */
    private static XmlElement form(Iq iq) {
        XmlElement.Builder q = XmlElement.builder("query", Namespaces.MAM);
        String node = iq.child().attr("node");
        if (node != null) q.attr("node", node);
        return q.child(DataForm.render(DataForm.FORM, Namespaces.MAM, FIELDS, Map.of(), null)).build();
    }

    private Uni<XmlElement> query(Iq iq) {
        XmlElement q = iq.child();
        String node = q.attr("node");
        if (node == null || node.isEmpty()) throw PubSubException.of(PubSubError.NODEID_REQUIRED);
        if (q.child("flip-page", Namespaces.MAM) != null) {
            // §5.2.4: flipped pages belong to urn:xmpp:mam:2#extended, which this archive does not offer.
            throw PubSubException.of(PubSubError.FEATURE_NOT_IMPLEMENTED, "flip-page is not supported");
        }
        ArchiveQuery query = archiveQuery(q);
        String queryId = q.attr("queryid");
        return service.archive(iq.from(), node, query).chain(page -> {
            List<String> results = new ArrayList<>(page.items().size());
            for (StoredItem item : page.items()) results.add(result(iq, node, queryId, page, item).toXml());
            // A page may be large: it is written at the socket's pace instead of piling up in the link's backlog, and
            // §5.1: the IQ result leaves after the last result message, on the same ordered link.
            return link.sendPaced(OutboxBatch.of(results)).map(n -> {
                for (int i = n; i < results.size(); i++) link.send(results.get(i)); // the link went down: queued in order
                return fin(page);
            });
        });
    }

    private static ArchiveQuery archiveQuery(XmlElement q) {
        PageRequest page = RsmXml.parse(q.child("set", Namespaces.RSM));
        XmlElement x = q.child("x", Namespaces.DATA_FORMS);
        if (x == null) return new ArchiveQuery(null, null, null, page);
        DataForm form = DataForm.parse(x);
        if (form.formType() != null && !Namespaces.MAM.equals(form.formType())) {
            throw PubSubException.badField(PubSubError.BAD_REQUEST, DataForm.FORM_TYPE, "expected " + Namespaces.MAM);
        }
        Instant start = null;
        Instant end = null;
        Jid with = null;
        for (Map.Entry<String, List<String>> f : form.values().entrySet()) {
            String value = f.getValue().isEmpty() ? "" : f.getValue().get(0).trim();
            switch (f.getKey()) {
                case "start" -> start = value.isEmpty() ? null : time("start", value);
                case "end" -> end = value.isEmpty() ? null : time("end", value);
                case "with" -> {
                    with = value.isEmpty() ? null : Jid.tryParse(value);
                    if (with == null && !value.isEmpty()) throw PubSubException.badField(PubSubError.BAD_REQUEST, "with", "not a JID");
                }
                // §4.1.5: a field the server does not recognise is feature-not-implemented.
                default -> throw PubSubException.of(PubSubError.FEATURE_NOT_IMPLEMENTED, "unknown field " + f.getKey());
            }
        }
        return new ArchiveQuery(start, end, with, page);
    }

    /** XEP-0082 DateTime, e.g. 2010-06-07T00:00:00Z or with an offset. */
    private static Instant time(String field, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw PubSubException.badField(PubSubError.BAD_REQUEST, field, "'" + value + "' is not a XEP-0082 DateTime");
        }
    }

    /** §5.1: a result message forwarding the notification of one item, with the time it was published. */
    private XmlElement result(Iq iq, String node, String queryId, ItemPage page, StoredItem stored) {
        String service = iq.to().toString();
        XmlElement event = XmlElement.builder("event", Namespaces.PUBSUB_EVENT)
                .child(XmlElement.builder("items", Namespaces.PUBSUB_EVENT).attr("node", node)
                        .child(ItemsXml.item(Namespaces.PUBSUB_EVENT, stored.item(), true, page.node().config())).build())
                .build();
        XmlElement archived = XmlElement.builder("message", Namespaces.CLIENT)
                .attr("from", service)
                .attr("type", page.node().config().notificationType().wire())
                .child(event)
                .build();
        XmlElement.Builder result = XmlElement.builder("result", Namespaces.MAM).attr("id", ArchiveIds.of(stored));
        if (queryId != null) result.attr("queryid", queryId);
        result.child(XmlElement.builder("forwarded", Namespaces.FORWARD)
                .child(XmlElement.builder("delay", Namespaces.DELAY)
                        .attr("stamp", stored.item().published().toString()).build())
                .child(archived)
                .build());
        return XmlElement.builder("message", Namespaces.COMPONENT_ACCEPT)
                .attr("from", service)
                .attr("to", iq.from().toString())
                .attr("id", idPrefix + sequence.incrementAndGet())
                .child(result.build())
                .build();
    }

    /** §5.2.2: the page's RSM description; complete when no further page lies in the direction paged. */
    private static XmlElement fin(ItemPage page) {
        XmlElement.Builder fin = XmlElement.builder("fin", Namespaces.MAM);
        if (page.complete()) fin.attr("complete", "true");
        return fin.child(RsmXml.render(page, ArchiveIds::of)).build();
    }
}
