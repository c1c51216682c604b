package org.herald.http.stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The {@link NodeBus} of a single instance: listeners are called on the publishing thread. Injected as itself only:
 * {@code fanout/NodeBusWiring} decides which bus the streams use (this one alone, or inside the Redis bus).
 */
@ApplicationScoped
@Typed(InProcessNodeBus.class)
public class InProcessNodeBus implements NodeBus {
    private static final Logger LOG = Logger.getLogger(InProcessNodeBus.class);

    private final Map<String, List<Consumer<NodeEvent>>> listeners = new ConcurrentHashMap<>();

    @Override
    public Subscription subscribe(String nodeId, Consumer<NodeEvent> listener) {
        listeners.computeIfAbsent(nodeId, id -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(nodeId, (id, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    @Override
    public void publish(NodeEvent event) {
        List<Consumer<NodeEvent>> mine = listeners.get(event.node());
        if (mine == null) return;
        for (Consumer<NodeEvent> l : mine) {
            try {
                l.accept(event);
            } catch (RuntimeException e) { // one listener's bug never keeps the event from the others
                LOG.errorf(e, "a listener of node %s failed", event.node());
            }
        }
    }

    /** How many listeners the bus holds for a node (the hub keeps it at one per node, however many clients). */
    public int subscriptions(String nodeId) {
        List<Consumer<NodeEvent>> mine = listeners.get(nodeId);
        return mine == null ? 0 : mine.size();
    }
}
