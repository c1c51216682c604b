package org.herald.xmpp.pubsub;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.herald.domain.Node;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.service.PubSubService;
import org.herald.xmpp.component.DiscoInfoProvider;
import org.herald.xmpp.component.Iq;
import org.herald.xmpp.component.IqHandler;
import org.herald.xmpp.component.IqType;
import org.herald.xmpp.form.DataForm;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/**
 * Service discovery of nodes (§5.2), node information and meta-data (§5.3, §5.4) and a node's items (§5.5).
 */
@ApplicationScoped
public class NodeDisco implements DiscoInfoProvider, IqHandler {

    static final String META_DATA = "http://jabber.org/protocol/pubsub#meta-data";

    @Inject
    PubSubService service;

    @Override
    public Uni<XmlElement> info(Iq iq, String node) {
        if (node == null) return Uni.createFrom().failure(XmppErrors.toStanzaError(notFound()));
        return service.node(iq.from(), node)
                .map(view -> {
                    XmlElement.Builder query = XmlElement.builder("query", Namespaces.DISCO_INFO).attr("node", node)
                            .child(XmlElement.builder("identity", Namespaces.DISCO_INFO).attr("category", "pubsub")
                                    .attr("type", view.node().config().nodeType().wire()).build())
                            .child(feature(Namespaces.PUBSUB));
                    if (view.readable()) { // §5.4: meta-data only for those who may read the node
                        query.child(DataForm.renderResult(META_DATA, metaData(view.node())));
                    }
                    return query.build();
                })
                .onFailure(PubSubException.class).transform(e -> XmppErrors.toStanzaError((PubSubException) e));
    }

    @Override
    public String namespace() {
        return Namespaces.DISCO_ITEMS;
    }

    @Override
    public String element() {
        return "query";
    }

    @Override
    public Set<IqType> types() {
        return Set.of(IqType.GET);
    }

    @Override
    public List<String> features() {
        return List.of(Namespaces.DISCO_ITEMS);
    }

    /** §5.2 without a node: the nodes the requester may know of; §5.5 with one: the node's item ids. */
    @Override
    public Uni<XmlElement> handle(Iq iq) {
        String node = iq.child().attr("node");
        String service = iq.to().toString();
        if (Namespaces.COMMANDS.equals(node)) return Uni.createFrom().item(GetPendingCommand.listing(service));
        Uni<XmlElement> result = node == null
                ? this.service.nodeIds(iq.from()).map(ids -> {
                    XmlElement.Builder q = XmlElement.builder("query", Namespaces.DISCO_ITEMS);
                    ids.forEach(id -> q.child(XmlElement.builder("item", Namespaces.DISCO_ITEMS)
                            .attr("jid", service).attr("node", id).build()));
                    return q.build();
                })
                : this.service.itemIds(iq.from(), node).map(ids -> {
                    XmlElement.Builder q = XmlElement.builder("query", Namespaces.DISCO_ITEMS).attr("node", node);
                    ids.forEach(id -> q.child(XmlElement.builder("item", Namespaces.DISCO_ITEMS)
                            .attr("jid", service).attr("name", id).build()));
                    return q.build();
                });
        return result.onFailure(PubSubException.class).transform(e -> XmppErrors.toStanzaError((PubSubException) e));
    }

    private static Map<String, List<String>> metaData(Node node) {
        var c = node.config();
        var m = new LinkedHashMap<String, List<String>>();
        m.put("pubsub#type", c.payloadType() == null ? List.of() : List.of(c.payloadType()));
        m.put("pubsub#title", c.title() == null ? List.of() : List.of(c.title()));
        m.put("pubsub#description", c.description() == null ? List.of() : List.of(c.description()));
        m.put("pubsub#access_model", List.of(c.accessModel().wire()));
        m.put("pubsub#publish_model", List.of(c.publishModel().wire()));
        m.put("pubsub#creator", List.of(node.creator().toString()));
        m.put("pubsub#creation_date", List.of(node.created().toString()));
        return m;
    }

    private static XmlElement feature(String var) {
        return XmlElement.builder("feature", Namespaces.DISCO_INFO).attr("var", var).build();
    }

    private static PubSubException notFound() {
        return PubSubException.of(PubSubError.ITEM_NOT_FOUND);
    }
}
