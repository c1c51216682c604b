package org.herald.xmpp.stanza;

/**
 * XML input that breaks an RFC 6120 rule, carrying the stream error condition (RFC 6120 §4.9.3) the rule
 * prescribes. The message is for logs only.
 */
public final class StreamErrorException extends RuntimeException {
    /** §4.9.3.12: a message too large or too deep, a local policy. */
    public static final String POLICY_VIOLATION = "policy-violation";
    /** §4.9.3.18 with §11.1: DTDs, comments, processing instructions, non-predefined entity references. */
    public static final String RESTRICTED_XML = "restricted-xml";
    /** §4.9.3.13: not well-formed XML. */
    public static final String NOT_WELL_FORMED = "not-well-formed";
    /** §4.9.3.1: XML that is well-formed but cannot be processed (e.g. text directly inside the stream). */
    public static final String BAD_FORMAT = "bad-format";
    /** §4.9.3.10: the root is not {@code <stream>} in {@code http://etherx.jabber.org/streams}. */
    public static final String INVALID_NAMESPACE = "invalid-namespace";

    private final String condition;

    public StreamErrorException(String condition, String message) {
        super(message);
        this.condition = condition;
    }

    public String condition() {
        return condition;
    }
}
