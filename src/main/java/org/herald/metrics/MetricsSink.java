package org.herald.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.PubSubEvent;
import org.herald.service.port.EventSink;

/**
 * Counts committed items from the core's events, whichever front-end published them (the core stays free of
 * Micrometer: it only sees one more sink). Follows nodes as a whole, so items nobody is told of count too.
 */
@ApplicationScoped
public class MetricsSink implements EventSink {
    private final MeterRegistry registry;
    private final Counter items;
    private final NodeTags nodes;

    public MetricsSink(MeterRegistry registry, MetricsConfig config) {
        this.registry = registry;
        this.items = Counter.builder("herald.items.published").description("Items committed by publishes").register(registry);
        this.nodes = config.perNode() ? new NodeTags(config.perNodeLimit()) : null;
    }

    @Override
    public boolean followsNodes() {
        return true;
    }

    @Override
    public void emit(PubSubEvent event) {
        // a digest re-tells items counted when they were published
        if (!(event instanceof ItemsPublished p) || p.digest()) return;
        items.increment(p.stored().size());
        if (nodes != null) {
            Counter.builder("herald.node.items.published").description("Items committed, per node (herald.metrics.per-node)")
                    .tag("node", nodes.of(p.node().id())).register(registry).increment(p.stored().size());
        }
    }
}
