package org.herald.xmpp.stanza;

/**
 * Well-formed XML that Herald serialised itself (a stored payload), written verbatim so that a notification
 * never re-parses a payload. Never build one from untrusted text: it is not checked.
 */
public record XmlRaw(String xml) implements XmlNode {
    @Override
    public void writeTo(StringBuilder out, String parentNamespace) {
        out.append(xml);
    }
}
