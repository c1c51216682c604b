package org.herald.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.PubSubEvent;

/**
 * Fan-out lag: from an item's publish time (the core stamps it inside the publish transaction, so the commit is
 * included) to the moment a sink is handed the event, per sink. Only live publishes are measured: a digest carries
 * items published long ago on purpose.
 */
@ApplicationScoped
public class FanOutLag {
    private final MeterRegistry registry;

    public FanOutLag(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Called by the fan-out just before it hands {@code event} to the sink named {@code sink}. */
    public void handing(String sink, PubSubEvent event) {
        if (!(event instanceof ItemsPublished p) || p.digest() || p.stored().isEmpty()) return;
        Instant published = p.stored().get(0).item().published();
        Duration lag = Duration.between(published, Instant.now());
        Timer.builder("herald.fanout.lag").description("From an item's publish to a sink receiving its event")
                .tag("sink", sink).register(registry).record(lag.isNegative() ? Duration.ZERO : lag);
    }

    /** A sink's name without the CDI proxy suffix, as a bounded tag value (one per sink class). */
    public static String nameOf(Object sink) {
        String name = sink.getClass().getSimpleName();
        int proxy = name.indexOf('_');
        return proxy > 0 ? name.substring(0, proxy) : name;
    }
}
