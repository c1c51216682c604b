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

/** §8.9.1: the owner lists who is affiliated with the node. */
@ApplicationScoped
public class AffiliationsGetHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB_OWNER; }
    @Override public String element() { return "affiliations"; }
    @Override public String iqType() { return "get"; }
    @Override public List<String> features() { return List.of("modify-affiliations"); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        String node = r.node();
        return service.affiliations(r.actor(), node).map(affs -> {
            XmlElement.Builder out = XmlElement.builder("affiliations", Namespaces.PUBSUB_OWNER).attr("node", node);
            affs.forEach(a -> out.child(XmlElement.builder("affiliation", Namespaces.PUBSUB_OWNER)
                    .attr("jid", a.jid().toString()).attr("affiliation", a.affiliation().wire()).build()));
            return XmlElement.builder("pubsub", Namespaces.PUBSUB_OWNER).child(out.build()).build();
        });
    }
}
