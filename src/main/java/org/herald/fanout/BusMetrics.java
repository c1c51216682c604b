package org.herald.fanout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.function.Supplier;

/** The bus between instances as Prometheus sees it (docs/observability.md, docs/fanout.md). A singleton, not a
 * client proxy: the bus reads its counters as fields. */
@Singleton
class BusMetrics {
    private final MeterRegistry registry;
    final Counter published;
    final Counter received;
    final Counter failed;
    final Counter dropped;
    final Counter gaps;
    final Counter fills;
    final Counter filledItems;
    final Counter reconnects;
    final Timer lag;

    BusMetrics(MeterRegistry registry) {
        this.registry = registry;
        published = counter("herald.fanout.bus.messages", "outcome", "published", "Bus messages this instance published to Redis");
        failed = counter("herald.fanout.bus.messages", "outcome", "failed", "Bus messages whose PUBLISH failed or timed out");
        received = counter("herald.fanout.bus.messages", "outcome", "received", "Bus messages received from other instances");
        dropped = Counter.builder("herald.fanout.bus.dropped").description("Events dropped from a full Redis queue (receivers fill them from PostgreSQL)").register(registry);
        gaps = Counter.builder("herald.fanout.bus.gaps").description("Times this instance noticed lost bus messages or re-subscribed").register(registry);
        fills = Counter.builder("herald.fanout.bus.fills").description("Node gap fills from PostgreSQL").register(registry);
        filledItems = Counter.builder("herald.fanout.bus.filled.items").description("Items delivered from PostgreSQL by gap fills (not heard over Redis)").register(registry);
        lag = Timer.builder("herald.fanout.bus.lag")
                .description("From an item's publish on another instance to this instance hearing it over Redis (clocks of both)")
                .register(registry);
        reconnects = Counter.builder("herald.fanout.bus.subscriptions").description("Redis subscriptions established (more than 1 means reconnections)").register(registry);
    }

    private Counter counter(String name, String tag, String value, String description) {
        return Counter.builder(name).tag(tag, value).description(description).register(registry);
    }

    void gauges(Supplier<Number> queued, Supplier<Number> subscribed, Supplier<Number> followed) {
        Gauge.builder("herald.fanout.bus.queue", queued).description("Events waiting to be published to Redis").register(registry);
        Gauge.builder("herald.fanout.bus.subscribed", subscribed).description("1 while the Redis subscription is up").register(registry);
        Gauge.builder("herald.fanout.bus.nodes", followed).description("Nodes followed on this instance (one cursor each)").register(registry);
    }
}
