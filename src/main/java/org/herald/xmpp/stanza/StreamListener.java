package org.herald.xmpp.stanza;

/** Receives what a {@link StreamParser} finds, on the thread that calls {@code feed}. */
public interface StreamListener {
    /** The peer's stream header arrived (RFC 6120 §4.7). */
    void streamOpened(StreamHeader header);

    /** A complete first-level child of the stream: a stanza, {@code <handshake/>} or {@code <stream:error>}. */
    void stanza(XmlElement stanza);

    /**
     * A stanza nested deeper than the limit was read to its end without being built (memory stays bounded); the
     * stream goes on. Only its outermost element is given (name, namespace, attributes, no children), so that the
     * owner can refuse it with a stanza error: a client's payload that the server passed must not cut the stream.
     */
    void stanzaTooDeep(XmlElement outermost, String detail);

    /** The peer closed its stream with {@code </stream:stream>} (RFC 6120 §4.4). */
    void streamClosed();

    /**
     * The input broke a rule; the parser is dead from now on. The owner should send this stream error and
     * close the stream (RFC 6120 §4.9).
     *
     * @param condition an RFC 6120 §4.9.3 condition name, see {@link StreamErrorException}
     * @param detail a description for the local log; do not send it to the peer
     */
    void streamError(String condition, String detail);
}
