package org.herald.xmpp.stanza;

import java.util.Map;

/**
 * The attributes of a received {@code <stream:stream>} open tag (RFC 6120 §4.7).
 *
 * @param attributes unqualified attribute names ("id", "from", "version"), prefixed ones as "xml:lang"
 * @param defaultNamespace the content namespace the peer declared, e.g. {@code jabber:component:accept}
 */
public record StreamHeader(Map<String, String> attributes, String defaultNamespace) {
    public StreamHeader {
        attributes = Map.copyOf(attributes);
        defaultNamespace = defaultNamespace == null ? "" : defaultNamespace;
    }

    /** The stream id (RFC 6120 §4.7.3); XEP-0114 §3 hashes it with the secret. Null when absent. */
    public String id() {
        return attributes.get("id");
    }

    public String from() {
        return attributes.get("from");
    }
}
