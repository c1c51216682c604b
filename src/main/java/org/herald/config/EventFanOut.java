package org.herald.config;

import java.util.List;
import org.herald.service.event.PubSubEvent;
import org.herald.service.port.EventSink;
import org.jboss.logging.Logger;

/**
 * Hands every committed event to each front-end that delivers events (XMPP notifications, HTTP streams, WebSub).
 * One front-end's failure is logged and never keeps the event from the others.
 */
final class EventFanOut implements EventSink {
    private static final Logger LOG = Logger.getLogger(EventFanOut.class);

    private final List<EventSink> sinks;
    private final boolean followsNodes;

    EventFanOut(List<EventSink> sinks) {
        this.sinks = List.copyOf(sinks);
        this.followsNodes = this.sinks.stream().anyMatch(EventSink::followsNodes);
    }

    @Override
    public boolean followsNodes() {
        return followsNodes;
    }

    @Override
    public void emit(PubSubEvent event) {
        boolean nobodyNamed = event.recipients().isEmpty();
        for (EventSink sink : sinks) {
            // an event naming no XMPP recipient is only for sinks that follow nodes as a whole
            if (nobodyNamed && !sink.followsNodes()) continue;
            try {
                sink.emit(event);
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s failed to take a %s event", sink.getClass().getSimpleName(), event.getClass().getSimpleName());
            }
        }
    }
}
