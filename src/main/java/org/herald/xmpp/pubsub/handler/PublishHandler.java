package org.herald.xmpp.pubsub.handler;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.metrics.PublishMetrics;
import org.herald.service.ItemDraft;
import org.herald.service.PubSubService;
import org.herald.xmpp.pubsub.ConfigForms;
import org.herald.xmpp.pubsub.Payloads;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** §7.1: publish an item, with optional publish-options preconditions (§7.1.5). */
@ApplicationScoped
public class PublishHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Inject
    PublishMetrics publishes;

    @Override public String namespace() { return Namespaces.PUBSUB; }
    @Override public String element() { return "publish"; }
    @Override public String iqType() { return "set"; }
    @Override public List<String> features() { return List.of("publish", "publish-options", "item-ids", "persistent-items"); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        String node = r.node();
        List<XmlElement> items = r.action().children("item", Namespaces.PUBSUB);
        if (items.size() > 1) throw PubSubException.of(PubSubError.BAD_REQUEST, "publish one item per request");
        ItemDraft draft = items.isEmpty() ? null : Payloads.draft(items.get(0));
        XmlElement options = r.sibling("publish-options");
        Map<String, List<String>> preconditions = options == null ? null : ConfigForms.publishOptions(options);
        return publishes.observe(PublishMetrics.XMPP, () -> service.publish(r.actor(), node, draft, preconditions)).map(result -> {
            XmlElement.Builder publish = XmlElement.builder("publish", Namespaces.PUBSUB).attr("node", result.node());
            if (result.itemId() != null) {
                publish.child(XmlElement.builder("item", Namespaces.PUBSUB).attr("id", result.itemId()).build());
            }
            return XmlElement.builder("pubsub", Namespaces.PUBSUB).child(publish.build()).build(); // §7.1.2
        });
    }
}
