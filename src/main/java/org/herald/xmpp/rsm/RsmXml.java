package org.herald.xmpp.rsm;

import java.util.List;
import java.util.function.Function;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.StoredItem;
import org.herald.service.ItemPage;
import org.herald.service.PageRequest;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** XEP-0059 {@code <set xmlns='http://jabber.org/protocol/rsm'/>}: reads a request, writes a page's description. */
public final class RsmXml {
    private RsmXml() {
    }

    /** The request in {@code set}, or null when there is none. Malformed values are bad-request. */
    public static PageRequest parse(XmlElement set) {
        if (set == null) return null;
        String max = set.childText("max", Namespaces.RSM);
        String index = set.childText("index", Namespaces.RSM);
        XmlElement before = set.child("before", Namespaces.RSM);
        XmlElement after = set.child("after", Namespaces.RSM);
        return new PageRequest(number("max", max), after == null ? null : after.text().trim(),
                before == null ? null : before.text().trim(), number("index", index));
    }

    /**
     * §2.1: first (with its index) and last UID of the page, and the count of the full set; an empty page carries
     * the count alone (§2.6).
     */
    public static XmlElement render(ItemPage page, Function<StoredItem, String> uid) {
        XmlElement.Builder set = XmlElement.builder("set", Namespaces.RSM);
        List<StoredItem> items = page.items();
        if (!items.isEmpty()) {
            set.child(XmlElement.builder("first", Namespaces.RSM).attr("index", Integer.toString(page.firstIndex()))
                    .text(uid.apply(items.get(0))).build());
            set.child(XmlElement.builder("last", Namespaces.RSM).text(uid.apply(items.get(items.size() - 1))).build());
        }
        set.child(XmlElement.builder("count", Namespaces.RSM).text(Long.toString(page.count())).build());
        return set.build();
    }

    private static Integer number(String element, String value) {
        if (value == null) return null;
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0) return n;
        } catch (NumberFormatException ignored) {
            // refused below, saying what was wrong
        }
        throw PubSubException.of(PubSubError.BAD_REQUEST, "RSM <" + element + "/>: '" + value + "' is not a whole number");
    }
}
