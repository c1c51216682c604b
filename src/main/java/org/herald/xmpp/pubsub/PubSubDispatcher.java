package org.herald.xmpp.pubsub;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.xmpp.component.Iq;
import org.herald.xmpp.component.IqHandler;
import org.herald.xmpp.component.IqType;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/**
 * Routes a {@code <pubsub/>} IQ in one namespace to the use case named by its request element, and turns the
 * core's refusals into stanza errors through {@link XmppErrors}, the one mapping table.
 */
abstract class PubSubDispatcher implements IqHandler {


    private final String namespace;
    private final Map<String, PubSubAction> actions = new HashMap<>();

    PubSubDispatcher(String namespace, Iterable<PubSubAction> all) {
        this.namespace = namespace;
        for (PubSubAction a : all) {
            if (a.namespace().equals(namespace)) actions.put(a.iqType() + " " + a.element(), a);
        }
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public String element() {
        return "pubsub";
    }

    @Override
    public Set<IqType> types() {
        return Set.of(IqType.GET, IqType.SET);
    }

    /** §11: the features of every registered use case, derived rather than listed by hand. */
    @Override
    public List<String> features() {
        List<String> out = new ArrayList<>();
        if (Namespaces.PUBSUB.equals(namespace)) out.add(Namespaces.PUBSUB);
        for (PubSubAction a : actions.values()) {
            for (String f : a.features()) out.add(Namespaces.PUBSUB + "#" + f);
            out.addAll(a.otherFeatures());
        }
        return out;
    }

    @Override
    public Uni<XmlElement> handle(Iq iq) {
        return Uni.createFrom().deferred(() -> {
                    XmlElement pubsub = iq.child();
                    for (XmlElement child : pubsub.children()) {
                        if (!child.namespace().equals(namespace)) continue;
                        PubSubAction action = actions.get(iq.type().wire() + " " + child.name());
                        if (action != null) return action.handle(new PubSubRequest(iq.from(), pubsub, child));
                    }
                    return Uni.createFrom().failure(unknownRequest(pubsub));
                })
                .onFailure(PubSubException.class).transform(e -> XmppErrors.toStanzaError((PubSubException) e));
    }

    private PubSubException unknownRequest(XmlElement pubsub) {
        XmlElement first = pubsub.firstChild();
        if (first == null) return PubSubException.of(PubSubError.BAD_REQUEST, "empty pubsub request");
        return PubSubException.of(PubSubError.BAD_REQUEST, "unknown pubsub request <" + first.name() + "/>");
    }
}
