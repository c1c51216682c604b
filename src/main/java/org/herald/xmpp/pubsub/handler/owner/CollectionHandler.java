package org.herald.xmpp.pubsub.handler.owner;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.service.PubSubService;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/**
 * XEP-0248 §associate-node and §dissociate-request: {@code <collection node='C'><associate node='X'/></collection>}
 * puts X into collection C, {@code <dissociate node='X'/>} takes it out. This handler is also what makes Herald claim
 * collection nodes, including a node in several collections (XEP-0248 §disco-support).
 */
@ApplicationScoped
public class CollectionHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB_OWNER; }
    @Override public String element() { return "collection"; }
    @Override public String iqType() { return "set"; }
    @Override public List<String> features() { return List.of("collections", "multi-collections"); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        String collection = r.node();
        XmlElement associate = r.action().child("associate", Namespaces.PUBSUB_OWNER);
        // XEP-0060's older revisions called it "disassociate"; both names mean the same request.
        XmlElement dissociate = r.action().child("dissociate", Namespaces.PUBSUB_OWNER);
        if (dissociate == null) dissociate = r.action().child("disassociate", Namespaces.PUBSUB_OWNER);
        if ((associate == null) == (dissociate == null)) {
            throw PubSubException.of(PubSubError.BAD_REQUEST, "expected one <associate/> or <dissociate/>");
        }
        String child = (associate != null ? associate : dissociate).attr("node");
        if (child == null || child.isEmpty()) throw PubSubException.of(PubSubError.NODEID_REQUIRED);
        Uni<Void> done = associate != null
                ? service.associate(r.actor(), collection, child)
                : service.dissociate(r.actor(), collection, child);
        return done.replaceWith((XmlElement) null);
    }
}
