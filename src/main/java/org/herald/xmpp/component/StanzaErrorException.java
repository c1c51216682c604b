package org.herald.xmpp.component;

import org.herald.xmpp.stanza.XmlElement;

/**
 * A request refused with a stanza error (RFC 6120 §8.3). Handlers fail their Uni with it; the router turns it
 * into {@code <iq type='error'>}. The text is sent to the requester, so it must not reveal internals.
 */
public final class StanzaErrorException extends RuntimeException {
    private final StanzaErrorType type;
    private final String condition;
    private final XmlElement applicationCondition;
    private final String text;
    private final XmlElement payload;

    /**
     * @param condition a defined condition of RFC 6120 §8.3.3, e.g. "item-not-found"
     * @param applicationCondition an application-specific condition element (e.g. XEP-0060 pubsub#errors), or null
     * @param text human-readable text for the requester, or null
     */
    public StanzaErrorException(StanzaErrorType type, String condition, XmlElement applicationCondition, String text) {
        this(type, condition, applicationCondition, text, null);
    }

    /**
     * @param payload a child to send before the {@code <error/>}, e.g. the entries a request failed on
     *                (XEP-0060 §8.8.2.4; RFC 6120 §8.3.1 allows an error to carry such content), or null
     */
    public StanzaErrorException(StanzaErrorType type, String condition, XmlElement applicationCondition, String text,
                                XmlElement payload) {
        super(condition + (text == null ? "" : ": " + text), null, false, false); // routine refusals: no stack trace
        this.type = type;
        this.condition = condition;
        this.applicationCondition = applicationCondition;
        this.text = text;
        this.payload = payload;
    }

    public StanzaErrorException(StanzaErrorType type, String condition) {
        this(type, condition, null, null);
    }

    public StanzaErrorType type() {
        return type;
    }

    public String condition() {
        return condition;
    }

    public XmlElement applicationCondition() {
        return applicationCondition;
    }

    public String text() {
        return text;
    }

    public XmlElement payload() {
        return payload;
    }
}
