package org.herald.xmpp.pubsub.handler.owner;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.herald.domain.NodeType;
import org.herald.domain.PubSubException;
import org.herald.service.PubSubService;
import org.herald.xmpp.form.DataForm;
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
        // §8.3.2: a type='collection' request asks for collection defaults, which need XEP-0248.
        XmlElement x = r.action().child("x", Namespaces.DATA_FORMS);
        if (x != null && DataForm.parse(x).values().getOrDefault("pubsub#node_type", List.of())
                .contains(NodeType.COLLECTION.wire())) {
            throw PubSubException.unsupported("collections");
        }
        return Uni.createFrom().item(XmlElement.builder("pubsub", Namespaces.PUBSUB_OWNER)
                .child(XmlElement.builder("default", Namespaces.PUBSUB_OWNER)
                        .child(ConfigForms.render(service.configForm(), service.defaultConfiguration(), "form")).build())
                .build());
    }
}
