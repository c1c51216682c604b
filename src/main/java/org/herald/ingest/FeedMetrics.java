package org.herald.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.herald.metrics.PublishMetrics;

/**
 * Feed ingestion's metrics: fetch passes by the state they leave the feed in (a closed enum: ok, error, gone,
 * revoked), and its publishes under the front-end "ingest".
 */
@ApplicationScoped
public class FeedMetrics {
    private final MeterRegistry registry;
    private final PublishMetrics publishes;

    public FeedMetrics(MeterRegistry registry, PublishMetrics publishes) {
        this.registry = registry;
        this.publishes = publishes;
    }

    void fetched(FetchOutcome outcome) {
        Counter.builder("herald.feed.fetches").description("Feed fetch passes, by the state they left the feed in")
                .tag("outcome", outcome.status().wire()).register(registry).increment();
    }

    <T> Uni<T> publish(Supplier<Uni<? extends T>> publish) {
        return publishes.observe(PublishMetrics.INGEST, publish);
    }
}
