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

/** §8.4: the owner deletes a node, optionally naming a replacement (§8.4.1 redirect). */
@ApplicationScoped
public class DeleteHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB_OWNER; }
    @Override public String element() { return "delete"; }
    @Override public String iqType() { return "set"; }
    @Override public List<String> features() { return List.of("delete-nodes"); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        String node = r.node();
        XmlElement redirect = r.action().child("redirect", Namespaces.PUBSUB_OWNER);
        return service.delete(r.actor(), node, redirect == null ? null : redirect.attr("uri")).replaceWith((XmlElement) null);
    }
}
