package org.herald.service.port;

import org.herald.service.event.PubSubEvent;

/**
 * Where the core hands events after their transaction committed. Implementations must not block and must not
 * throw: delivery failures are theirs to handle (retry, drop with a log) and never undo the committed change.
 */
public interface EventSink {
    void emit(PubSubEvent event);
}
