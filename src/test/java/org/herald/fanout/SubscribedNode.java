package org.herald.fanout;

import java.util.UUID;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.PubSubClient;
import org.herald.testsupport.XmppClients;

/** A fresh node made by its owner, with one reader subscribed whose notifications are counted: both through Prosody. */
record SubscribedNode(PubSubClient owner, String node, Notifications got) {

    static SubscribedNode create(XmppClients clients, String nodePrefix) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        PubSubClient owner = new PubSubClient(clients.connect("owner-" + suffix), ProsodyResource.COMPONENT);
        PubSubClient reader = new PubSubClient(clients.connect("reader-" + suffix), ProsodyResource.COMPONENT);
        String node = nodePrefix + suffix;
        owner.set("<create node='" + node + "'/>");
        reader.set("<subscribe node='" + node + "' jid='" + reader.jid() + "'/>");
        return new SubscribedNode(owner, node, new Notifications(reader));
    }

    /** The owner publishes an item with this id (the IQ result comes back before this returns). */
    void publish(String itemId) {
        owner.set("<publish node='" + node + "'><item id='" + itemId + "'><x xmlns='urn:example'/></item></publish>");
    }
}
