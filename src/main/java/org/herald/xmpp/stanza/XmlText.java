package org.herald.xmpp.stanza;

/** Character data; escaped when written. */
public record XmlText(String text) implements XmlNode {
    @Override
    public void writeTo(StringBuilder out, String parentNamespace) {
        XmlEscape.text(out, text);
    }
}
