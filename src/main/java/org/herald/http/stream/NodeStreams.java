package org.herald.http.stream;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The hub between the {@link NodeBus} and the clients that follow nodes on this instance: one bus subscription per
 * node however many clients follow it, taken with the first client and dropped with the last, so a node with
 * thousands of readers costs the bus (and later Redis) one channel, and an event is fanned out here.
 */
@ApplicationScoped
public class NodeStreams {
    private final NodeBus bus;
    private final StreamConfig config;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();

    NodeStreams(NodeBus bus, StreamConfig config) {
        this.bus = bus;
        this.config = config;
    }

    /** A node followed on this instance: its clients and its one bus subscription. */
    private static final class Topic {
        final Set<Consumer<NodeEvent>> clients = ConcurrentHashMap.newKeySet();
        NodeBus.Subscription subscription;

        void deliver(NodeEvent event) {
            for (Consumer<NodeEvent> c : clients) c.accept(event);
        }
    }

    /**
     * Adds a client of a node. Returns false, changing nothing, when the node already has as many clients on this
     * instance as {@link StreamConfig#maxClientsPerNode()} allows. A client added twice counts once.
     */
    public boolean follow(String nodeId, Consumer<NodeEvent> client) {
        boolean[] added = {false};
        topics.compute(nodeId, (id, topic) -> {
            Topic t = topic;
            if (t == null) {
                t = new Topic();
                t.subscription = bus.subscribe(id, t::deliver);
            }
            if (t.clients.contains(client) || t.clients.size() < config.maxClientsPerNode()) {
                t.clients.add(client);
                added[0] = true;
            }
            if (t.clients.isEmpty()) { // refused the first client of a node: keep no subscription for nobody
                t.subscription.cancel();
                return null;
            }
            return t;
        });
        return added[0];
    }

    /** Removes a client; the node's bus subscription ends with its last client. */
    public void unfollow(String nodeId, Consumer<NodeEvent> client) {
        topics.computeIfPresent(nodeId, (id, t) -> {
            t.clients.remove(client);
            if (!t.clients.isEmpty()) return t;
            t.subscription.cancel();
            return null;
        });
    }

    /** Completes when the bus is ready for the nodes' events ({@link NodeBus.Subscription#ready()}). */
    public Uni<Void> ready(Collection<String> nodeIds) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (String id : nodeIds) {
            Topic t = topics.get(id);
            if (t != null) {
                Uni<Void> one = t.subscription.ready();
                all = all.chain(() -> one);
            }
        }
        return all;
    }

    /** How many clients follow the node on this instance. */
    public int clients(String nodeId) {
        Topic t = topics.get(nodeId);
        return t == null ? 0 : t.clients.size();
    }

    /** How many nodes this instance holds a bus subscription for. */
    public int followedNodes() {
        return topics.size();
    }
}
