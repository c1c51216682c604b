package org.herald.xmpp.component;

import org.herald.domain.Jid;
import org.herald.xmpp.stanza.XmlElement;

/**
 * A received IQ request of type get or set with its single payload element (RFC 6120 §8.2.3).
 *
 * @param from the requester, as stamped by the server
 * @param to the address the request was sent to: the component domain or a JID at it; replies come from it
 * @param child the one payload element
 * @param raw the whole stanza as received
 */
public record Iq(String id, IqType type, Jid from, Jid to, XmlElement child, XmlElement raw) {
}
