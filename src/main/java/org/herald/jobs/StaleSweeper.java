package org.herald.jobs;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import org.herald.config.GeoConfig;
import org.herald.runtime.OwnContext;
import org.herald.service.PubSubService;
import org.jboss.logging.Logger;

/**
 * Runs {@link PubSubService#sweepStale} every herald.geo.stale-sweep (herald#stale_after, issue #7). Every Herald
 * instance runs its own: the store claims silent vehicles with SKIP LOCKED, so concurrent sweeps share the work and
 * each vehicle is told stale once.
 */
@ApplicationScoped
public class StaleSweeper {
    private static final Logger LOG = Logger.getLogger(StaleSweeper.class);

    @Inject
    Vertx vertx;

    @Inject
    GeoConfig config;

    @Inject
    PubSubService service;

    /** One sweep at a time per instance: a slow sweep is not overtaken by the next tick. */
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long timer = -1;

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(Math.max(1, config.staleSweep().toMillis()), id -> sweep());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) vertx.cancelTimer(timer);
    }

    private void sweep() {
        if (!running.compareAndSet(false, true)) return;
        // Each sweep on its own context, as for stanzas: the reactive session lives in it.
        OwnContext.call(vertx, this::drain).subscribe().with(
                stale -> {
                    if (stale > 0) LOG.debugf("%d vehicles went stale", stale);
                    running.set(false);
                },
                failure -> {
                    LOG.errorf(failure, "Stale sweep failed");
                    running.set(false);
                });
    }

    /** Batches until one comes back short: a backlog drains without waiting for the next tick. */
    private Uni<Integer> drain() {
        int batch = config.staleSweepBatch();
        return service.sweepStale(batch).chain(n -> n < batch
                ? Uni.createFrom().item(n)
                : drain().map(more -> n + more));
    }
}
