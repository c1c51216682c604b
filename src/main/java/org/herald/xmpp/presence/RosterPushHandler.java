package org.herald.xmpp.presence;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.herald.xmpp.component.Iq;
import org.herald.xmpp.component.IqHandler;
import org.herald.xmpp.component.IqType;
import org.herald.xmpp.stanza.XmlElement;

/**
 * Roster pushes a privileged component receives (XEP-0356 §4.4 [roster_pushes]: from the managed user's bare
 * JID). The push's content is not trusted as a roster: it only makes Herald forget the cached roster, so the
 * next access check reads it from the server. Acknowledged with an empty result (RFC 6121 §2.1.6).
 */
@ApplicationScoped
public class RosterPushHandler implements IqHandler {

    @Inject
    RosterRelations relations;

    @Override
    public String namespace() {
        return RosterRelations.ROSTER;
    }

    @Override
    public String element() {
        return "query";
    }

    @Override
    public Set<IqType> types() {
        return Set.of(IqType.SET);
    }

    @Override
    public List<String> features() {
        return List.of();
    }

    @Override
    public Uni<XmlElement> handle(Iq iq) {
        relations.forget(iq.from());
        return Uni.createFrom().nullItem();
    }
}
