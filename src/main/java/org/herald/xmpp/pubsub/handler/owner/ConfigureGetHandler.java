package org.herald.xmpp.pubsub.handler.owner;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.herald.service.PubSubService;
import org.herald.xmpp.pubsub.ConfigForms;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** §8.2.1: the owner requests the configuration form. */
@ApplicationScoped
public class ConfigureGetHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB_OWNER; }
    @Override public String element() { return "configure"; }
    @Override public String iqType() { return "get"; }
    @Override public List<String> features() { return List.of("config-node"); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        String node = r.node();
        return service.configuration(r.actor(), node).map(n -> XmlElement.builder("pubsub", Namespaces.PUBSUB_OWNER)
                .child(XmlElement.builder("configure", Namespaces.PUBSUB_OWNER).attr("node", node)
                        .child(ConfigForms.render(service.configForm(), n.config(), "form")).build())
                .build());
    }
}
