package org.herald.xmpp.pubsub;

import org.herald.domain.Item;
import org.herald.xmpp.stanza.XmlElement;
import org.herald.xmpp.stanza.XmlRaw;

/** Renders items for results and notifications. */
public final class ItemsXml {
    private ItemsXml() {
    }

    /**
     * An {@code <item/>} in the given namespace. The publisher is shown by bare JID (§7.1.2 lets a service name
     * the publisher; the resource would reveal more than the item needs).
     */
    public static XmlElement item(String namespace, Item item, boolean withPayload) {
        XmlElement.Builder b = XmlElement.builder("item", namespace)
                .attr("id", item.id())
                .attr("publisher", item.publisher().bare().toString());
        if (withPayload && item.payload() != null) b.child(new XmlRaw(item.payload()));
        return b.build();
    }
}
