package org.herald.xmpp.component.builtin;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import org.herald.xmpp.component.Iq;
import org.herald.xmpp.component.IqHandler;
import org.herald.xmpp.component.IqType;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** XEP-0199 §4.2: a ping to the component is answered with an empty result. */
@ApplicationScoped
public class PingHandler implements IqHandler {
    @Override
    public String namespace() {
        return Namespaces.PING;
    }

    @Override
    public String element() {
        return "ping";
    }

    @Override
    public Set<IqType> types() {
        return Set.of(IqType.GET);
    }

    @Override
    public List<String> features() {
        return List.of(Namespaces.PING); // XEP-0199 §5
    }

    @Override
    public Uni<XmlElement> handle(Iq iq) {
        return Uni.createFrom().nullItem();
    }
}
