package org.herald.xmpp.pubsub;

import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.xmpp.stanza.XmlElement;

/**
 * A parsed pubsub IQ: who asks, the {@code <pubsub/>} element, and the use case's own element within it.
 *
 * @param actor the requesting entity, as the XMPP server stamped it
 */
public record PubSubRequest(Jid actor, XmlElement pubsub, XmlElement action) {

    /** The 'node' attribute, required: a missing one is nodeid-required (e.g. §7.1.3, §7.2.3.3). */
    public String node() {
        String n = action.attr("node");
        if (n == null || n.isEmpty()) throw PubSubException.of(PubSubError.NODEID_REQUIRED);
        return n;
    }

    /** The 'node' attribute, or null. */
    public String optionalNode() {
        String n = action.attr("node");
        return n == null || n.isEmpty() ? null : n;
    }

    /** A sibling of the action element inside {@code <pubsub/>}, e.g. {@code <configure/>} with {@code <create/>}. */
    public XmlElement sibling(String name) {
        return pubsub.child(name, pubsub.namespace());
    }
}
