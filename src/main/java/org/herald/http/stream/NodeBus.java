package org.herald.http.stream;

import io.smallrye.mutiny.Uni;
import java.util.function.Consumer;

/**
 * The seam between committed changes and the streams that follow nodes: events are published per node id and
 * every listener of that node on any instance hears them: {@link InProcessNodeBus} on one instance,
 * {@code fanout/RedisNodeBus} between instances (issue #6, docs/fanout.md).
 *
 * <p>Contract: {@link #publish} never blocks and never throws; listeners of one node hear its events in the order
 * they were published by one instance; a listener must not block (it hands the event on and returns).
 */
public interface NodeBus {

    /** Starts listening to a node's events; the handle stops it. */
    Subscription subscribe(String nodeId, Consumer<NodeEvent> listener);

    /** Hands a node's event to every listener of that node. */
    void publish(NodeEvent event);

    /** One listener's registration. */
    interface Subscription {
        /** Stops the listener hearing of the node; idempotent. */
        void cancel();

        /**
         * Completes once the bus knows where the node stands (the Redis bus reads the node's newest item, from which
         * on it deduplicates and fills what Redis loses): a stream waits for it before it goes live.
         */
        default Uni<Void> ready() {
            return Uni.createFrom().voidItem();
        }
    }
}
