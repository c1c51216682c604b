package org.herald.xmpp.component.builtin;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.herald.xmpp.component.ComponentLink;
import org.herald.xmpp.component.DiscoInfoProvider;
import org.herald.xmpp.component.Iq;
import org.herald.xmpp.component.IqHandler;
import org.herald.xmpp.component.IqType;
import org.herald.xmpp.component.StanzaErrorException;
import org.herald.xmpp.component.StanzaErrorType;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/**
 * XEP-0030 disco#info. For the component itself: identity pubsub/service (XEP-0060 §5.1) and the features of
 * every registered {@link IqHandler}, so the list can never drift from what is actually served. Requests for
 * a node or for a JID at the component go to the {@link DiscoInfoProvider}, if there is one.
 */
@ApplicationScoped
public class DiscoInfoHandler implements IqHandler {
    static final String NAME = "Herald publish-subscribe";

    @Inject
    @Any
    Instance<IqHandler> handlers;

    @Inject
    @Any
    Instance<DiscoInfoProvider> providers;

    @Inject
    ComponentLink link;

    private volatile XmlElement ownInfo;

    @Override
    public String namespace() {
        return Namespaces.DISCO_INFO;
    }

    @Override
    public String element() {
        return "query";
    }

    @Override
    public Set<IqType> types() {
        return Set.of(IqType.GET);
    }

    @Override
    public List<String> features() {
        return List.of(Namespaces.DISCO_INFO); // XEP-0030 §3.1: an entity that answers disco#info says so
    }

    @Override
    public Uni<XmlElement> handle(Iq iq) {
        String node = iq.child().attr("node");
        boolean toComponent = iq.to().local() == null && iq.to().resource() == null
                && iq.to().domain().equalsIgnoreCase(link.jid());
        if (node == null && toComponent) return Uni.createFrom().item(ownInfo());
        for (DiscoInfoProvider p : providers) {
            return p.info(iq, node);
        }
        // XEP-0030 §3.3 / §7: an unknown node or entity is item-not-found.
        return Uni.createFrom().failure(new StanzaErrorException(StanzaErrorType.CANCEL, "item-not-found"));
    }

    private XmlElement ownInfo() {
        XmlElement info = ownInfo;
        if (info == null) {
            SortedSet<String> features = new TreeSet<>();
            for (IqHandler h : handlers) features.addAll(h.features());
            XmlElement.Builder query = XmlElement.builder("query", Namespaces.DISCO_INFO)
                    .child(XmlElement.builder("identity", Namespaces.DISCO_INFO)
                            .attr("category", "pubsub").attr("type", "service").attr("name", NAME).build());
            for (String f : features) {
                query.child(XmlElement.builder("feature", Namespaces.DISCO_INFO).attr("var", f).build());
            }
            info = query.build();
            ownInfo = info;
        }
        return info;
    }
}
