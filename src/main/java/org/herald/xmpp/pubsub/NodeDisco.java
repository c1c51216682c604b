package org.herald.xmpp.pubsub;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.service.PubSubService;
import org.herald.service.config.NodeMetaDataForm;
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

    @Inject
    PubSubService service;

    @Inject
    @Any
    Instance<NodeFeatures> nodeFeatures;

    private NodeMetaDataForm metaData;

    private NodeMetaDataForm metaData() {
        if (metaData == null) metaData = new NodeMetaDataForm(service.configForm());
        return metaData;
    }

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
                        TreeSet<String> features = new TreeSet<>();
                        for (NodeFeatures f : nodeFeatures) features.addAll(f.nodeFeatures(view.node()));
                        features.remove(Namespaces.PUBSUB);
                        features.forEach(f -> query.child(feature(f)));
                        NodeMetaDataForm form = metaData();
                        query.child(DataForm.render(DataForm.RESULT, NodeMetaDataForm.FORM_TYPE, form.fields(),
                                form.values(view), null));
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
        // §5.4: nodes show the pubsub#meta-data form (to those who may read them)
        return List.of(Namespaces.DISCO_ITEMS, Namespaces.PUBSUB + "#meta-data");
    }

    /**
     * §5.2 without a node: the first-level nodes the requester may know of; with a collection: its children
     * (XEP-0248 §disco-nodes); with a leaf: its item ids (§5.5).
     */
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
                : this.service.listing(iq.from(), node).map(listing -> {
                    XmlElement.Builder q = XmlElement.builder("query", Namespaces.DISCO_ITEMS).attr("node", node);
                    // XEP-0248 §disco-nodes: a collection lists its child nodes; §5.5: a leaf its items, by name.
                    listing.ids().forEach(id -> q.child(XmlElement.builder("item", Namespaces.DISCO_ITEMS)
                            .attr("jid", service).attr(listing.nodes() ? "node" : "name", id).build()));
                    return q.build();
                });
        return result.onFailure(PubSubException.class).transform(e -> XmppErrors.toStanzaError((PubSubException) e));
    }

    private static XmlElement feature(String var) {
        return XmlElement.builder("feature", Namespaces.DISCO_INFO).attr("var", var).build();
    }

    private static PubSubException notFound() {
        return PubSubException.of(PubSubError.ITEM_NOT_FOUND);
    }
}
