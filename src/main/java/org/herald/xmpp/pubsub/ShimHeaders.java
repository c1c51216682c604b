package org.herald.xmpp.pubsub;

import org.herald.service.event.Delivery;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/**
 * The XEP-0131 {@code <headers/>} of one notification: a SubID header per subscription it answers
 * (XEP-0060 §13.16) and the Collection header naming the collection it came through (XEP-0248 §notify).
 */
final class ShimHeaders {
    private ShimHeaders() {
    }

    /** The headers for this delivery, or null when it needs none. */
    static XmlElement of(Delivery d) {
        if (d.subIds().isEmpty() && d.collection() == null) return null;
        XmlElement.Builder headers = XmlElement.builder("headers", Namespaces.SHIM);
        if (d.collection() != null) headers.child(header("Collection", d.collection()));
        d.subIds().forEach(id -> headers.child(header("SubID", id)));
        return headers.build();
    }

    private static XmlElement header(String name, String value) {
        return XmlElement.builder("header", Namespaces.SHIM).attr("name", name).text(value).build();
    }
}
