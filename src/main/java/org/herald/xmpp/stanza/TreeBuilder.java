package org.herald.xmpp.stanza;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Assembles one {@link XmlElement} from start/text/end events. Adjacent character data is merged into one
 * {@link XmlText}, because a streaming parser splits text at arbitrary points (chunk borders, CDATA, entity
 * references) and equal documents must yield equal trees.
 */
final class TreeBuilder {
    private static final class Frame {
        final XmlElement.Builder builder;
        final StringBuilder text = new StringBuilder();

        Frame(XmlElement.Builder builder) {
            this.builder = builder;
        }

        void flushText() {
            if (!text.isEmpty()) {
                builder.child(new XmlText(text.toString()));
                text.setLength(0);
            }
        }
    }

    private final Deque<Frame> open = new ArrayDeque<>();

    boolean isOpen() {
        return !open.isEmpty();
    }

    void start(String name, String namespace, Map<String, String> attributes) {
        XmlElement.Builder b = XmlElement.builder(name, namespace);
        attributes.forEach(b::attr);
        Frame parent = open.peek();
        if (parent != null) parent.flushText();
        open.push(new Frame(b));
    }

    /** Drops everything open (a stanza being skipped). */
    void clear() {
        open.clear();
    }

    void text(String text) {
        open.element().text.append(text);
    }

    /** Closes the innermost element; returns the finished tree when that was the outermost one, else null. */
    XmlElement end() {
        Frame done = open.pop();
        done.flushText();
        XmlElement element = done.builder.build();
        Frame parent = open.peek();
        if (parent == null) return element;
        parent.builder.child(element);
        return null;
    }
}
