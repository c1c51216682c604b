package org.herald.xmpp.pubsub;

import org.herald.domain.Item;
import org.herald.domain.NodeConfig;
import org.herald.xmpp.stanza.XmlElement;
import org.herald.xmpp.stanza.XmlRaw;

/** Renders items for results and notifications. */
public final class ItemsXml {
    private ItemsXml() {
    }

    /**
     * An {@code <item/>} in the given namespace. §7.1.2 "Item Publisher": when the node's pubsub#itemreply associates
     * items with their publisher ({@link NodeConfig#showsPublisher()}), every notification and every retrieval names
     * the publisher, by bare JID (the resource would reveal more than the item needs). The value is always the one
     * Herald stamped at publish time, never one a publisher asserted.
     */
    public static XmlElement item(String namespace, Item item, boolean withPayload, NodeConfig config) {
        XmlElement.Builder b = XmlElement.builder("item", namespace).attr("id", item.id());
        if (config.showsPublisher()) b.attr("publisher", item.publisher().bare().toString());
        if (withPayload && item.payload() != null) b.child(new XmlRaw(item.payload()));
        return b.build();
    }
}
