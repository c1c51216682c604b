package org.herald.xmpp.pubsub;

import io.smallrye.mutiny.Uni;
import java.util.List;
import org.herald.xmpp.stanza.XmlElement;

/**
 * One XEP-0060 use case on the wire: the element it answers inside {@code <pubsub/>} (or the #owner variant),
 * for one IQ type. Implementations are CDI beans; the dispatcher finds them, and disco#info lists their features.
 */
public interface PubSubAction {

    /** {@link org.herald.xmpp.stanza.Namespaces#PUBSUB} or {@link org.herald.xmpp.stanza.Namespaces#PUBSUB_OWNER}. */
    String namespace();

    /** The request element, e.g. "publish". */
    String element();

    /** "get" or "set". */
    String iqType();

    /** pubsub features this use case provides, without the "http://jabber.org/protocol/pubsub#" prefix (§11). */
    List<String> features();

    /**
     * Features outside the pubsub# family this use case makes true, as full URIs (e.g. XEP-0059's
     * http://jabber.org/protocol/rsm for paged item retrieval).
     */
    default List<String> otherFeatures() {
        return List.of();
    }

    /** Handles the request; the result is the child of the IQ result, or null for an empty result. */
    Uni<XmlElement> handle(PubSubRequest request);
}
