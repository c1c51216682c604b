package org.herald.xmpp.pubsub;

import java.util.ArrayList;
import java.util.List;
import org.herald.domain.Item;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.ItemsRetracted;
import org.herald.service.event.PubSubEvent;
import org.herald.xmpp.stanza.StreamParser;
import org.herald.xmpp.stanza.XmlElement;
import org.herald.xmpp.stanza.XmlNode;
import org.herald.xmpp.stanza.XmlText;

/**
 * The human-readable {@code <body/>} of a notification for subscribers with pubsub#include_body (§13.8). Herald's
 * defined transformation works for any payload: an Atom entry (RFC 4287) reads as its title and summary, any
 * other payload as its character data; a notification without payload says which item was published.
 */
final class NotificationBody {
    /** Long enough for a summary, short enough for a chat line. */
    static final int MAX_CHARS = 1000;
    private static final String ATOM = "http://www.w3.org/2005/Atom";

    private NotificationBody() {
    }

    /** The body for this event, or null for events that carry no item (§13.8 is about payloads). */
    static String of(PubSubEvent event) {
        String node = event.node().id();
        if (event instanceof ItemsPublished p) {
            List<String> lines = new ArrayList<>();
            for (Item i : p.items()) lines.add(summary(i, node, p.withPayload()));
            return cut(String.join("\n", lines));
        }
        if (event instanceof ItemsRetracted r) {
            return cut("Deleted from " + node + ": " + String.join(", ", r.itemIds()));
        }
        return null;
    }

    private static String summary(Item item, String node, boolean withPayload) {
        String fallback = "New item " + item.id() + " at " + node;
        if (!withPayload || item.payload() == null) return fallback;
        XmlElement payload;
        try {
            payload = StreamParser.parseFragment(item.payload());
        } catch (RuntimeException stored) { // stored payloads were parsed once; this guards the notification only
            return fallback;
        }
        String text;
        if (payload.is("entry", ATOM)) {
            String title = clean(payload.childText("title", ATOM));
            String summary = clean(payload.childText("summary", ATOM));
            text = title.isEmpty() ? summary : summary.isEmpty() ? title : title + ": " + summary;
        } else {
            StringBuilder all = new StringBuilder();
            collect(payload, all);
            text = clean(all.toString());
        }
        return text.isEmpty() ? fallback : text;
    }

    private static void collect(XmlElement e, StringBuilder out) {
        for (XmlNode n : e.content()) {
            if (n instanceof XmlText t) out.append(t.text());
            else if (n instanceof XmlElement child) collect(child, out.append(' '));
        }
    }

    private static String clean(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    private static String cut(String s) {
        if (s.length() <= MAX_CHARS) return s;
        int end = MAX_CHARS - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) end--;
        return s.substring(0, end) + "…";
    }
}
