package org.herald.service.port;

import org.herald.service.event.PubSubEvent;

/**
 * Where the core hands events after their transaction committed. Implementations must not block and must not
 * throw: delivery failures are theirs to handle (retry, drop with a log) and never undo the committed change.
 */
public interface EventSink {
    void emit(PubSubEvent event);

    /**
     * Whether this sink follows nodes as a whole (HTTP streams, WebSub) rather than delivering to the XMPP entities
     * an event names. Such a sink also gets the events no XMPP entity is to hear of: {@code recipients()} empty
     * because nobody subscribed, or because the node's notify_config / notify_delete / notify_retract / notify_sub
     * option keeps its subscribers from being told. Its readers' rights may rest on those changes all the same.
     */
    default boolean followsNodes() {
        return false;
    }
}
