package org.herald.xmpp.pubsub.handler;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.herald.service.PubSubService;
import org.herald.xmpp.pubsub.ConfigForms;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** §8.1: create a node — named (§8.1.1), instant (§8.1.2), or with a configuration (§8.1.3). */
@ApplicationScoped
public class CreateHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB; }
    @Override public String element() { return "create"; }
    @Override public String iqType() { return "set"; }
    @Override public List<String> features() { return List.of("create-nodes", "instant-nodes", "create-and-configure"); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        XmlElement configure = r.sibling("configure");
        Map<String, List<String>> form = configure == null ? null : ConfigForms.submitted(configure);
        return service.create(r.actor(), r.optionalNode(), form)
                // §8.1.2: the instant node's id is reported; for a named node it is harmless and saves a lookup.
                .map(node -> XmlElement.builder("pubsub", Namespaces.PUBSUB)
                        .child(XmlElement.builder("create", Namespaces.PUBSUB).attr("node", node.id()).build())
                        .build());
    }
}
