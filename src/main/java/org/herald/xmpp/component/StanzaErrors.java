package org.herald.xmpp.component;

import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/**
 * Builds replies: the reply goes from the address the request was sent to, to the requester, with the same id
 * (RFC 6120 §8.2.3, §8.3.1).
 */
public final class StanzaErrors {
    private StanzaErrors() {
    }

    /** {@code <iq type='result'>} with the given payload, or empty when it is null. */
    public static XmlElement result(Iq iq, XmlElement payload) {
        return XmlElement.builder("iq", Namespaces.COMPONENT_ACCEPT)
                .attr("type", "result")
                .attr("id", iq.id())
                .attr("from", iq.raw().attr("to"))
                .attr("to", iq.raw().attr("from"))
                .child(payload)
                .build();
    }

    public static XmlElement error(Iq iq, StanzaErrorException e) {
        XmlElement reply = error(iq.raw(), e.type(), e.condition(), e.applicationCondition(), e.text());
        if (e.payload() == null) return reply;
        XmlElement.Builder b = XmlElement.builder(reply.name(), reply.namespace());
        reply.attributes().forEach(b::attr);
        return b.child(e.payload()).children(reply.content()).build();
    }

    public static XmlElement error(Iq iq, StanzaErrorType type, String condition) {
        return error(iq.raw(), type, condition, null, null);
    }

    /**
     * An error reply to any stanza (iq, message or presence): same element name and id, type 'error',
     * addresses swapped. The request's payload is not echoed (RFC 6120 §8.3.1 makes that optional).
     */
    public static XmlElement error(XmlElement request, StanzaErrorType type, String condition,
            XmlElement applicationCondition, String text) {
        return XmlElement.builder(request.name(), Namespaces.COMPONENT_ACCEPT)
                .attr("type", "error")
                .attr("id", request.attr("id"))
                .attr("from", request.attr("to"))
                .attr("to", request.attr("from"))
                .child(errorElement(type, condition, applicationCondition, text))
                .build();
    }

    /**
     * The {@code <error/>} child. RFC 6120 §8.3.2 fixes the order: defined condition, optional text, optional
     * application-specific condition.
     */
    public static XmlElement errorElement(StanzaErrorType type, String condition, XmlElement applicationCondition,
            String text) {
        XmlElement.Builder error = XmlElement.builder("error", Namespaces.COMPONENT_ACCEPT).attr("type", type.wire());
        error.child(XmlElement.empty(condition, Namespaces.STANZAS));
        if (text != null) {
            error.child(XmlElement.builder("text", Namespaces.STANZAS).attr("xml:lang", "en").text(text).build());
        }
        error.child(applicationCondition);
        return error.build();
    }
}
