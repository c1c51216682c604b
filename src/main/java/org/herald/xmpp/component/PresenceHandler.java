package org.herald.xmpp.component;

import io.smallrye.mutiny.Uni;
import org.herald.xmpp.stanza.XmlElement;

/** Receives every {@code <presence/>} addressed to the component. Runs on a fresh duplicated context; must not block. */
public interface PresenceHandler {
    Uni<Void> handle(XmlElement presence);
}
