package org.herald.xmpp.component;

/** The error types of RFC 6120 §8.3.2: what the sender may do about the error. */
public enum StanzaErrorType {
    AUTH, CANCEL, CONTINUE, MODIFY, WAIT;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
