package org.herald.config;

import java.util.List;
import org.herald.metrics.FanOutLag;
import org.herald.metrics.MetricsSink;
import org.herald.service.event.PubSubEvent;
import org.herald.service.port.EventSink;
import org.jboss.logging.Logger;

/**
 * Hands every committed event to each front-end that delivers events (XMPP notifications, HTTP streams, WebSub).
 * One front-end's failure is logged and never keeps the event from the others. Each front-end's lag (item
 * published → sink handed the event) is measured here, the one place every committed event passes.
 */
final class EventFanOut implements EventSink {
    private static final Logger LOG = Logger.getLogger(EventFanOut.class);

    private final List<EventSink> sinks;
    /** Each sink's metric tag, worked out once. */
    private final List<String> names;
    private final FanOutLag lag;
    private final boolean followsNodes;

    EventFanOut(List<EventSink> sinks, FanOutLag lag) {
        this.sinks = List.copyOf(sinks);
        this.names = this.sinks.stream().map(FanOutLag::nameOf).toList();
        this.lag = lag;
        this.followsNodes = this.sinks.stream().anyMatch(EventSink::followsNodes);
    }

    @Override
    public boolean followsNodes() {
        return followsNodes;
    }

    @Override
    public void emit(PubSubEvent event) {
        boolean nobodyNamed = event.recipients().isEmpty();
        for (int i = 0; i < sinks.size(); i++) {
            EventSink sink = sinks.get(i);
            // an event naming no XMPP recipient is only for sinks that follow nodes as a whole
            if (nobodyNamed && !sink.followsNodes()) continue;
            try {
                // the metrics sink only counts: its lag would say nothing about delivery
                if (!(sink instanceof MetricsSink)) lag.handing(names.get(i), event);
                sink.emit(event);
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s failed to take a %s event", sink.getClass().getSimpleName(), event.getClass().getSimpleName());
            }
        }
    }
}
