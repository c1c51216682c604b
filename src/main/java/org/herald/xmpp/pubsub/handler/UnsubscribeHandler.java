package org.herald.xmpp.pubsub.handler;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.herald.domain.PubSubError;
import org.herald.service.PubSubService;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.pubsub.WireValues;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** §6.2: end a subscription, named by JID and, where there are several, SubID. */
@ApplicationScoped
public class UnsubscribeHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB; }
    @Override public String element() { return "unsubscribe"; }
    @Override public String iqType() { return "set"; }
    @Override public List<String> features() { return List.of(); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        String node = r.node();
        var jid = WireValues.jid(r.action().attr("jid"), PubSubError.BAD_REQUEST);
        return service.unsubscribe(r.actor(), node, jid, r.action().attr("subid")).replaceWith((XmlElement) null);
    }
}
