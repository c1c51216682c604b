package org.herald.xmpp.pubsub.handler;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.service.ItemsQuery;
import org.herald.service.PubSubService;
import org.herald.xmpp.pubsub.ItemsXml;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.pubsub.WireValues;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** §6.5: retrieve items — all, the newest N (§6.5.7) or by ItemID (§6.5.8). */
@ApplicationScoped
public class ItemsHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB; }
    @Override public String element() { return "items"; }
    @Override public String iqType() { return "get"; }
    @Override public List<String> features() { return List.of("retrieve-items"); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        String node = r.node();
        Integer max = WireValues.positiveInt("max_items", r.action().attr("max_items"));
        List<String> ids = r.action().children("item", Namespaces.PUBSUB).stream().map(i -> i.attr("id")).toList();
        if (ids.stream().anyMatch(id -> id == null || id.isEmpty())) {
            throw PubSubException.of(PubSubError.BAD_REQUEST, "an item to retrieve needs an id");
        }
        return service.items(r.actor(), node, new ItemsQuery(max, ids, r.action().attr("subid"))).map(items -> {
            XmlElement.Builder out = XmlElement.builder("items", Namespaces.PUBSUB).attr("node", node);
            items.forEach(i -> out.child(ItemsXml.item(Namespaces.PUBSUB, i, true)));
            return XmlElement.builder("pubsub", Namespaces.PUBSUB).child(out.build()).build();
        });
    }
}
