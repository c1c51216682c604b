package org.herald.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** herald.metrics.*: what Herald's own metrics cost (docs/observability.md). */
@ConfigMapping(prefix = "herald.metrics")
public interface MetricsConfig {
    /**
     * Whether publishes are also counted per node (tag {@code node}). Off by default: node ids are unbounded, and each
     * distinct tag value is one more time series Prometheus keeps for ever.
     */
    @WithDefault("false")
    boolean perNode();

    /** With per-node counters on, the most nodes given a series of their own; the others share node="_other". */
    @WithDefault("100")
    int perNodeLimit();

    /** How often the WebSub queue depth is counted in PostgreSQL (a count per scrape could be expensive). */
    @WithDefault("15s")
    Duration queuePoll();
}
