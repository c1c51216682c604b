package org.herald.xmpp.component;

import io.smallrye.mutiny.Uni;
import org.herald.xmpp.stanza.XmlElement;

/**
 * Answers XEP-0030 disco#info requests that are not about the component itself: those with a 'node' attribute
 * or addressed to a JID with a local part. At most one bean should implement it (the pubsub service).
 */
public interface DiscoInfoProvider {
    /**
     * @param node the requested node, or null when the request has none
     * @return the complete {@code <query xmlns='http://jabber.org/protocol/disco#info'>} result (echoing the
     *         node, XEP-0030 §3.2), or fail with {@link StanzaErrorException} (e.g. item-not-found)
     */
    Uni<XmlElement> info(Iq iq, String node);
}
