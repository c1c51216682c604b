package org.herald.xmpp.stanza;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable XML element with a resolved namespace, unprefixed attributes and ordered mixed content.
 * Serialisation uses default-namespace declarations only: {@code xmlns='...'} is written where an element's
 * namespace differs from its parent's, which is how XMPP stanzas are normally written.
 *
 * <p>Attributes in the {@code xml} namespace are kept under their prefixed name ("xml:lang"); attributes in any
 * other namespace under {@code {namespace}local}, written with a generated prefix declared on the same element.
 */
public final class XmlElement implements XmlNode {
    private final String name;
    private final String namespace;
    private final Map<String, String> attributes;
    private final List<XmlNode> content;

    private XmlElement(String name, String namespace, Map<String, String> attributes, List<XmlNode> content) {
        this.name = Objects.requireNonNull(name);
        this.namespace = namespace == null ? "" : namespace;
        this.attributes = attributes;
        this.content = content;
    }

    public static Builder builder(String name, String namespace) {
        return new Builder(name, namespace);
    }

    /** Shorthand for an element with no attributes or content. */
    public static XmlElement empty(String name, String namespace) {
        return new XmlElement(name, namespace, Map.of(), List.of());
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    public boolean is(String name, String namespace) {
        return this.name.equals(name) && this.namespace.equals(namespace);
    }

    public String attr(String attribute) {
        return attributes.get(attribute);
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    /** All content nodes in document order. */
    public List<XmlNode> content() {
        return content;
    }

    /** Child elements in document order. */
    public List<XmlElement> children() {
        List<XmlElement> out = new ArrayList<>(content.size());
        for (XmlNode n : content) {
            if (n instanceof XmlElement e) out.add(e);
        }
        return out;
    }

    public List<XmlElement> children(String name, String namespace) {
        List<XmlElement> out = new ArrayList<>();
        for (XmlNode n : content) {
            if (n instanceof XmlElement e && e.is(name, namespace)) out.add(e);
        }
        return out;
    }

    /** First child with this name and namespace, or null. */
    public XmlElement child(String name, String namespace) {
        for (XmlNode n : content) {
            if (n instanceof XmlElement e && e.is(name, namespace)) return e;
        }
        return null;
    }

    /** First child element of any name, or null. */
    public XmlElement firstChild() {
        for (XmlNode n : content) {
            if (n instanceof XmlElement e) return e;
        }
        return null;
    }

    /** The concatenated character data directly inside this element. */
    public String text() {
        StringBuilder b = new StringBuilder();
        for (XmlNode n : content) {
            if (n instanceof XmlText t) b.append(t.text());
        }
        return b.toString();
    }

    /** Text of the first matching child, or null when there is no such child. */
    public String childText(String name, String namespace) {
        XmlElement c = child(name, namespace);
        return c == null ? null : c.text();
    }

    public String toXml() {
        StringBuilder out = new StringBuilder(128);
        writeTo(out, null);
        return out.toString();
    }

    @Override
    public void writeTo(StringBuilder out, String parentNamespace) {
        out.append('<').append(name);
        if (!namespace.equals(parentNamespace)) {
            out.append(" xmlns='");
            XmlEscape.attr(out, namespace);
            out.append('\'');
        }
        int prefixes = 0;
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            String key = a.getKey();
            if (key.startsWith("{")) {
                // a local name holds no '}', so the last one ends the namespace
                int close = key.lastIndexOf('}');
                String prefix = "ns" + prefixes++;
                out.append(" xmlns:").append(prefix).append("='");
                XmlEscape.attr(out, key.substring(1, close));
                out.append('\'');
                key = prefix + ':' + key.substring(close + 1);
            }
            out.append(' ').append(key).append("='");
            XmlEscape.attr(out, a.getValue());
            out.append('\'');
        }
        if (content.isEmpty()) {
            out.append("/>");
            return;
        }
        out.append('>');
        for (XmlNode n : content) n.writeTo(out, namespace);
        out.append("</").append(name).append('>');
    }

    @Override
    public String toString() {
        return toXml();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XmlElement e && e.name.equals(name) && e.namespace.equals(namespace)
                && e.attributes.equals(attributes) && e.content.equals(content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, namespace, attributes, content);
    }

    /** Builds an element; a builder is for one use. */
    public static final class Builder {
        private final String name;
        private final String namespace;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final List<XmlNode> content = new ArrayList<>();

        private Builder(String name, String namespace) {
            this.name = name;
            this.namespace = namespace;
        }

        /** Sets an attribute; a null value leaves it out. */
        public Builder attr(String attribute, String value) {
            if (value != null) attributes.put(attribute, value);
            return this;
        }

        public Builder child(XmlNode node) {
            if (node != null) content.add(node);
            return this;
        }

        public Builder children(List<? extends XmlNode> nodes) {
            for (XmlNode n : nodes) child(n);
            return this;
        }

        public Builder text(String text) {
            if (text != null && !text.isEmpty()) content.add(new XmlText(text));
            return this;
        }

        /** Adds a child element {@code <name>text</name>} in this element's namespace. */
        public Builder textChild(String childName, String text) {
            return child(builder(childName, namespace).text(text).build());
        }

        public XmlElement build() {
            return new XmlElement(name, namespace,
                    attributes.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes)),
                    content.isEmpty() ? List.of() : List.copyOf(content));
        }
    }
}
