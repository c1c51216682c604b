package org.herald.xmpp.pubsub.handler;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.service.PubSubService;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.pubsub.WireValues;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** §7.2: delete items from a node, notifying subscribers on request (§7.2.2.1). */
@ApplicationScoped
public class RetractHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB; }
    @Override public String element() { return "retract"; }
    @Override public String iqType() { return "set"; }
    @Override public List<String> features() { return List.of("delete-items", "retract-items"); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        String node = r.node();
        List<String> ids = r.action().children("item", Namespaces.PUBSUB).stream().map(i -> i.attr("id")).toList();
        if (ids.isEmpty() || ids.stream().anyMatch(id -> id == null || id.isEmpty())) {
            throw PubSubException.of(PubSubError.ITEM_REQUIRED); // §7.2.3.4
        }
        Boolean notify = WireValues.bool("notify", r.action().attr("notify"));
        return service.retract(r.actor(), node, ids, notify).replaceWith((XmlElement) null);
    }
}
