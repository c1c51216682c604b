package org.herald.xmpp.pubsub;

import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.service.ItemDraft;
import org.herald.xmpp.stanza.XmlElement;

/** Turns a published {@code <item/>} into an {@link ItemDraft}. */
public final class Payloads {
    private Payloads() {
    }

    /**
     * §7.1.3.5: an item holds at most one payload element. The payload is kept as serialised XML that declares its
     * own namespace, so that notifications can include it verbatim.
     */
    public static ItemDraft draft(XmlElement item) {
        String id = item.attr("id");
        if (id != null && id.isEmpty()) id = null;
        var elements = item.children();
        if (elements.size() > 1) {
            throw PubSubException.of(PubSubError.INVALID_PAYLOAD, "an item holds exactly one payload element");
        }
        if (elements.isEmpty()) {
            if (!item.text().isBlank()) throw PubSubException.of(PubSubError.INVALID_PAYLOAD, "a payload must be an element");
            return new ItemDraft(id, null, null);
        }
        XmlElement payload = elements.get(0);
        return new ItemDraft(id, payload.toXml(), payload.namespace());
    }
}
