package org.herald.xmpp.pubsub.handler;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.herald.service.PubSubService;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** §5.7: the requester's own affiliations, at the service or one node. */
@ApplicationScoped
public class AffiliationsHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB; }
    @Override public String element() { return "affiliations"; }
    @Override public String iqType() { return "get"; }
    @Override public List<String> features() { return List.of("retrieve-affiliations"); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        String node = r.optionalNode();
        return service.affiliationsOf(r.actor(), node).map(affs -> {
            XmlElement.Builder out = XmlElement.builder("affiliations", Namespaces.PUBSUB).attr("node", node);
            affs.forEach(a -> out.child(XmlElement.builder("affiliation", Namespaces.PUBSUB)
                    .attr("node", a.node()).attr("affiliation", a.affiliation().wire()).build()));
            return XmlElement.builder("pubsub", Namespaces.PUBSUB).child(out.build()).build();
        });
    }
}
