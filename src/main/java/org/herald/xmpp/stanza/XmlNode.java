package org.herald.xmpp.stanza;

/** A node of a stanza tree: an element, character data, or trusted pre-serialised XML. */
public sealed interface XmlNode permits XmlElement, XmlText, XmlRaw {
    /** Appends this node's XML, given the default namespace in scope at the parent. */
    void writeTo(StringBuilder out, String parentNamespace);
}
