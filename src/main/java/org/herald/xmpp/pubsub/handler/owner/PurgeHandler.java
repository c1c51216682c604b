package org.herald.xmpp.pubsub.handler.owner;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.herald.service.PubSubService;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** §8.5: the owner removes every item of a node. */
@ApplicationScoped
public class PurgeHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB_OWNER; }
    @Override public String element() { return "purge"; }
    @Override public String iqType() { return "set"; }
    @Override public List<String> features() { return List.of("purge-nodes"); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        return service.purge(r.actor(), r.node()).replaceWith((XmlElement) null);
    }
}
