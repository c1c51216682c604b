package org.herald.xmpp.pubsub;

import java.util.UUID;
import org.herald.testsupport.Prosody;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.PubSubClient;
import org.herald.testsupport.XmppClients;

/** Fresh users and node names for one test, against the shared Prosody and Herald of the test class. */
final class PubSubFixture implements AutoCloseable {
    final XmppClients clients;

    PubSubFixture(Prosody prosody) {
        clients = new XmppClients(prosody);
    }

    PubSubClient user() {
        return new PubSubClient(clients.connectNewUser(), ProsodyResource.COMPONENT);
    }

    static String nodeName(String hint) {
        return hint + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static final String ATOM_ENTRY = """
            <entry xmlns='http://www.w3.org/2005/Atom'>
              <title>Soliloquy</title>
              <summary>To be, or not to be: that is the question</summary>
              <id>tag:denmark.lit,2003:entry-32397</id>
              <published>2003-12-13T18:30:02Z</published>
            </entry>""";

    static String publish(String node, String id, String payload) {
        return "<publish node='" + node + "'>" + (id == null ? "<item>" : "<item id='" + id + "'>") + payload + "</item></publish>";
    }

    /** A submitted node_config form with the given field/value pairs. */
    static String configForm(String... fieldValues) {
        StringBuilder b = new StringBuilder("<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#node_config</value></field>");
        for (int i = 0; i < fieldValues.length; i += 2) {
            b.append("<field var='").append(fieldValues[i]).append("'><value>").append(fieldValues[i + 1]).append("</value></field>");
        }
        return b.append("</x>").toString();
    }

    @Override
    public void close() {
        clients.close();
    }
}
