package org.herald.xmpp.component;

import io.smallrye.mutiny.Uni;
import org.herald.xmpp.stanza.XmlElement;

/**
 * Receives every {@code <message/>} addressed to the component, including type 'error' bounces (which must
 * never be answered, RFC 6120 §8.3.1). Runs on a fresh duplicated context; must not block.
 */
public interface MessageHandler {
    Uni<Void> handle(XmlElement message);
}
