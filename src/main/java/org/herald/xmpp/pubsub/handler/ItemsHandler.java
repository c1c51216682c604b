package org.herald.xmpp.pubsub.handler;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.herald.domain.Item;
import org.herald.domain.NodeConfig;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.StoredItem;
import org.herald.service.ItemsQuery;
import org.herald.service.PageRequest;
import org.herald.service.PubSubService;
import org.herald.xmpp.pubsub.ItemsXml;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.pubsub.WireValues;
import org.herald.xmpp.rsm.RsmXml;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/**
 * §6.5: retrieve items — all, the newest N (§6.5.7), by ItemID (§6.5.8), or a XEP-0059 page of them (§6.5.4), its
 * {@code <set/>} a sibling of {@code <items/>} in both request and result, with ItemIDs as the UIDs.
 */
@ApplicationScoped
public class ItemsHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB; }
    @Override public String element() { return "items"; }
    @Override public String iqType() { return "get"; }
    // §6.5.4: pubsub#rsm says the RSM support is for pubsub, not only for e.g. XEP-0313.
    @Override public List<String> features() { return List.of("retrieve-items", "rsm"); }
    @Override public List<String> otherFeatures() { return List.of(Namespaces.RSM); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        String node = r.node();
        Integer max = WireValues.positiveInt("max_items", r.action().attr("max_items"));
        List<String> ids = r.action().children("item", Namespaces.PUBSUB).stream().map(i -> i.attr("id")).toList();
        if (ids.stream().anyMatch(id -> id == null || id.isEmpty())) {
            throw PubSubException.of(PubSubError.BAD_REQUEST, "an item to retrieve needs an id");
        }
        String subId = r.action().attr("subid");
        PageRequest page = RsmXml.parse(r.pubsub().child("set", Namespaces.RSM));
        if (page == null) {
            return service.retrieve(r.actor(), node, new ItemsQuery(max, ids, subId))
                    .map(found -> result(node, found.items(), found.node().config(), null));
        }
        return service.itemsPage(r.actor(), node, new ItemsQuery(max, ids, subId, page)).map(p -> result(node,
                p.items().stream().map(StoredItem::item).toList(), p.node().config(),
                RsmXml.render(p, s -> s.item().id())));
    }

    private static XmlElement result(String node, List<Item> items, NodeConfig config, XmlElement set) {
        XmlElement.Builder out = XmlElement.builder("items", Namespaces.PUBSUB).attr("node", node);
        items.forEach(i -> out.child(ItemsXml.item(Namespaces.PUBSUB, i, true, config)));
        XmlElement.Builder pubsub = XmlElement.builder("pubsub", Namespaces.PUBSUB).child(out.build());
        if (set != null) pubsub.child(set);
        return pubsub.build();
    }
}
