package org.herald.http.websub;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.herald.metrics.MetricsConfig;

/**
 * WebSub delivery outcomes, and the depth of the durable queue. The depth is a count over a PostgreSQL table
 * shared by every instance, so it is read every {@code herald.metrics.queue-poll} and the gauge shows the last
 * count, instead of one query per scrape (and per instance scraped). -1 until the first count succeeds.
 */
@ApplicationScoped
public class WebSubMetrics {
    private final MeterRegistry registry;
    private final WebSubStore store;
    private final Vertx vertx;
    private final MetricsConfig config;
    private final AtomicLong pending = new AtomicLong(-1);
    private final AtomicBoolean counting = new AtomicBoolean();
    private volatile long timer = -1;

    WebSubMetrics(MeterRegistry registry, WebSubStore store, Vertx vertx, MetricsConfig config) {
        this.registry = registry;
        this.store = store;
        this.vertx = vertx;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("herald.websub.deliveries.pending", pending, AtomicLong::get)
                .description("Deliveries waiting in the durable WebSub queue (all instances), as last counted").register(registry);
        count();
        timer = vertx.setPeriodic(Math.max(1, config.queuePoll().toMillis()), id -> count());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) vertx.cancelTimer(timer);
    }

    /** Counts again unless a count is still out (a slow database must not pile up queries). */
    void count() {
        if (!counting.compareAndSet(false, true)) return;
        Background.run(vertx, "queue count", store::pendingTotal, n -> {
            if (n != null) pending.set(n);
            counting.set(false);
        });
    }

    /** One delivery's outcome: delivered, retry, dropped (gave up), gone (410 ended the subscription), skipped. */
    void delivery(String outcome) {
        registry.counter("herald.websub.deliveries", "outcome", outcome).increment();
    }
}
