package org.herald.xmpp.pubsub.handler.owner;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.herald.domain.NodeType;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.service.PubSubService;
import org.herald.xmpp.pubsub.ConfigForms;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** §8.3: the default configuration of a new node. */
@ApplicationScoped
public class DefaultHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB_OWNER; }
    @Override public String element() { return "default"; }
    @Override public String iqType() { return "get"; }
    @Override public List<String> features() { return List.of("retrieve-default"); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        // XEP-0248 §owner-default: <default type='collection'/> asks for the defaults of a collection node.
        NodeType type = NodeType.LEAF;
        String asked = r.action().attr("type");
        if (asked != null) {
            type = NodeType.fromWire(asked);
            if (type == null) throw PubSubException.of(PubSubError.BAD_REQUEST, "unknown node type " + asked);
        }
        NodeType wanted = type;
        return Uni.createFrom().item(XmlElement.builder("pubsub", Namespaces.PUBSUB_OWNER)
                .child(XmlElement.builder("default", Namespaces.PUBSUB_OWNER)
                        .child(ConfigForms.render(service.configForm(), service.defaultConfiguration(wanted), "form")).build())
                .build());
    }
}
