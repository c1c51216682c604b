package org.herald.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.herald.fanout.ClusterMember;
import org.herald.testsupport.Prosody;
import org.herald.testsupport.PubSubClient;
import org.herald.testsupport.XmppClients;
import org.herald.xmpp.stanza.XmlElement;

/**
 * What every fault-injection test stands on: a real Prosody, an owner and a subscriber logged in with Smack, Herald
 * processes attached to it (each with a REST token for the owner and a Redis prefix of the test's own), and one node
 * anyone may publish to that keeps more items than any test publishes — so an item missing afterwards was lost,
 * never trimmed. {@link #close()} ends all of it.
 */
final class FaultBed implements AutoCloseable {
    static final String DOMAIN = "localhost";
    static final String COMPONENT = "pubsub." + DOMAIN;
    static final Duration START_UP = Duration.ofSeconds(60);
    /** Items the node keeps (and the service-wide limit given to Herald for it). */
    static final int KEEP = 20000;

    final Prosody prosody;
    final XmppClients clients;
    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final PubSubClient owner;
    final PubSubClient subscriber;
    final String node;
    private final String name;
    private final Path logs;
    private final List<ClusterMember> heralds = new ArrayList<>();

    private FaultBed(String name) {
        this.name = name;
        this.logs = Path.of("target", "faults-it", name);
        this.node = name + "-" + suffix;
        prosody = Prosody.start(DOMAIN, COMPONENT);
        clients = new XmppClients(prosody);
        try {
            owner = new PubSubClient(clients.connect("owner-" + suffix), COMPONENT);
            subscriber = new PubSubClient(clients.connect("sub-" + suffix), COMPONENT);
        } catch (RuntimeException e) {
            close(); // no test will get a bed to close
            throw e;
        }
    }

    /** Starts Prosody and logs the owner and the subscriber in; logs go to {@code target/faults-it/<name>/}. */
    static FaultBed start(String name) {
        return new FaultBed(name);
    }

    /**
     * Starts a Herald process and waits until it serves XMPP through Prosody.
     *
     * @param extra further {@code key, value} system properties (a null value removes a key, see HeraldProcess)
     */
    ClusterMember herald(String instance, String... extra) throws Exception {
        List<String> props = new ArrayList<>(List.of("herald.pubsub.max-items", Integer.toString(KEEP)));
        props.addAll(java.util.Arrays.asList(extra));
        ClusterMember h = ClusterMember.start(instance, logs, prosody.host(), prosody.componentPort(), COMPONENT,
                prosody.componentSecret(COMPONENT), "faults:" + name + "-" + suffix + ":", owner.bareJid(),
                props.toArray(String[]::new));
        heralds.add(h);
        h.process.awaitServing(owner.connection, COMPONENT, START_UP);
        return h;
    }

    /** Creates the node (open publish model, {@link #KEEP} items) and subscribes the subscriber to it. */
    void createNodeAndSubscribe() {
        owner.set("<create node='" + node + "'/><configure><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#node_config</value></field>"
                + "<field var='pubsub#max_items'><value>" + KEEP + "</value></field>"
                + "<field var='pubsub#publish_model'><value>open</value></field></x></configure>");
        subscriber.set("<subscribe node='" + node + "' jid='" + subscriber.jid() + "'/>");
    }

    /** The acknowledged ids that {@code herald} does not hold in the node (read over REST): the lost ones. */
    Set<String> lost(ClusterMember herald, Collection<String> acked) throws Exception {
        Set<String> lost = new LinkedHashSet<>(acked);
        lost.removeAll(herald.itemIds(node));
        return lost;
    }

    /** The owner publishes {@code ids} over XMPP; returns once the subscriber was notified of all of them. */
    Set<String> publishAndAwaitNotified(Collection<String> ids) {
        for (String id : ids) {
            owner.set("<publish node='" + node + "'><item id='" + id + "'>" + PublishBurst.payload(id) + "</item></publish>");
        }
        return awaitNotified(Set.copyOf(ids));
    }

    /**
     * Takes the subscriber's notifications until every id of {@code expected} has arrived ({@link PubSubClient#nextEvent}
     * waits for each message and fails after its timeout); returns every item id seen on the way.
     */
    Set<String> awaitNotified(Set<String> expected) {
        Set<String> seen = new LinkedHashSet<>();
        while (!seen.containsAll(expected)) {
            XmlElement event = subscriber.nextEvent().child("event", PubSubClient.EVENT);
            XmlElement items = event == null ? null : event.child("items", PubSubClient.EVENT);
            if (items == null) continue;
            for (XmlElement item : items.children("item", PubSubClient.EVENT)) seen.add(item.attr("id"));
        }
        return seen;
    }

    @Override
    public void close() {
        heralds.forEach(ClusterMember::close);
        clients.close();
        prosody.close();
    }
}
