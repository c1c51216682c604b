package org.herald.xmpp.component;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Set;
import org.herald.xmpp.stanza.XmlElement;

/**
 * Serves IQ requests whose payload is one qualified element, e.g. {@code query} in
 * {@code http://jabber.org/protocol/disco#info}. Implementations are CDI beans; {@link IqDispatcher} finds
 * them all. One (type, element, namespace) may have one handler only.
 *
 * <p>{@link #handle} runs on a fresh duplicated Vert.x context per stanza (safe for a reactive DB session)
 * on the event loop: it must not block.
 */
public interface IqHandler {
    /** The payload element's namespace. */
    String namespace();

    /** The payload element's local name. */
    String element();

    /** Which of get/set this handler answers. */
    Set<IqType> types();

    /** Service discovery features this handler makes true (XEP-0030 §3.1), listed in the component's disco#info. */
    List<String> features();

    /**
     * Answers one request. Emits the result payload, or null for an empty result; fails with
     * {@link StanzaErrorException} for an error reply. Any other failure becomes {@code internal-server-error}.
     */
    Uni<XmlElement> handle(Iq iq);
}
