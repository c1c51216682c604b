package org.herald.xmpp.geo;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Set;
import org.herald.domain.PubSubException;
import org.herald.domain.geo.GeoNames;
import org.herald.service.geo.GeoQueries;
import org.herald.xmpp.component.Iq;
import org.herald.xmpp.component.IqHandler;
import org.herald.xmpp.component.IqType;
import org.herald.xmpp.pubsub.XmppErrors;
import org.herald.xmpp.stanza.XmlElement;

/**
 * What the urn:herald:geo:0 queries share: IQ gets in that namespace, advertised as one disco#info feature, answered
 * from {@link GeoQueries} with the core's refusals told through the one XMPP error table. Subclasses are
 * {@code @Singleton} beans: a client proxy would need a no-argument constructor this class does not have.
 */
abstract class GeoQueryHandler implements IqHandler {
    protected final GeoQueries queries;

    GeoQueryHandler(GeoQueries queries) {
        this.queries = queries;
    }

    /** The answer to one query element; argument errors are thrown as PubSubException. */
    protected abstract Uni<XmlElement> answer(Iq iq, XmlElement query);

    @Override public String namespace() { return GeoNames.HERALD_GEO_NS; }
    @Override public Set<IqType> types() { return Set.of(IqType.GET); }
    @Override public List<String> features() { return List.of(GeoNames.HERALD_GEO_NS); }

    @Override
    public final Uni<XmlElement> handle(Iq iq) {
        return Uni.createFrom().deferred(() -> answer(iq, iq.child()))
                .onFailure(PubSubException.class).transform(e -> XmppErrors.toStanzaError((PubSubException) e));
    }
}
