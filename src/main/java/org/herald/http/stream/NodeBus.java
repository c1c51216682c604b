package org.herald.http.stream;

import java.util.function.Consumer;

/**
 * The seam between committed changes and the streams that follow nodes: events are published per node id and
 * every listener of that node on any instance hears them. In-process for now ({@link InProcessNodeBus}); a bus
 * between instances (Redis pub/sub, issue #6) goes behind the same interface.
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
    }
}
