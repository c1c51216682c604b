package org.herald.xmpp.pubsub.handler.owner;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.herald.domain.Affiliation;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.service.PubSubService;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.pubsub.WireValues;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** §8.9.2: the owner changes affiliations, e.g. adds members to a whitelist. */
@ApplicationScoped
public class AffiliationsSetHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB_OWNER; }
    @Override public String element() { return "affiliations"; }
    @Override public String iqType() { return "set"; }

    @Override
    public List<String> features() {
        // §4.1: each optional affiliation Herald supports is announced as a feature.
        return List.of("member-affiliation", "outcast-affiliation", "publisher-affiliation", "publish-only-affiliation");
    }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        String node = r.node();
        Map<Jid, Affiliation> changes = new LinkedHashMap<>();
        for (XmlElement a : r.action().children("affiliation", Namespaces.PUBSUB_OWNER)) {
            Jid jid = WireValues.jid(a.attr("jid"), PubSubError.BAD_REQUEST).bare();
            Affiliation aff = Affiliation.fromWire(a.attr("affiliation"));
            if (aff == null) {
                throw PubSubException.of(PubSubError.BAD_REQUEST, "'" + a.attr("affiliation") + "' is not an affiliation");
            }
            changes.put(jid, aff);
        }
        if (changes.isEmpty()) throw PubSubException.of(PubSubError.BAD_REQUEST, "no affiliation to change");
        return service.modifyAffiliations(r.actor(), node, changes).replaceWith((XmlElement) null);
    }
}
