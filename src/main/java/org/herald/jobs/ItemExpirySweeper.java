package org.herald.jobs;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import org.herald.config.PubSubConfig;
import org.herald.service.PubSubService;
import org.herald.runtime.OwnContext;
import org.jboss.logging.Logger;

/**
 * Runs {@link PubSubService#expireItems} periodically (pubsub#item_expire, XEP-0060 §17.4.4). Every Herald
 * instance runs its own sweeper: the store claims expired items with SKIP LOCKED, so concurrent sweeps share the
 * work and each expired item is deleted, and its retraction told, once.
 */
@ApplicationScoped
public class ItemExpirySweeper {
    private static final Logger LOG = Logger.getLogger(ItemExpirySweeper.class);

    @Inject
    Vertx vertx;

    @Inject
    PubSubConfig config;

    @Inject
    PubSubService service;

    /** One sweep at a time per instance: a slow sweep is not overtaken by the next tick. */
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long timer = -1;

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(Math.max(1, config.itemExpirySweepInterval().toMillis()), id -> sweep());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) vertx.cancelTimer(timer);
    }

    private void sweep() {
        if (!running.compareAndSet(false, true)) return;
        // Each sweep on its own context, as for stanzas: the reactive session lives in it.
        OwnContext.call(vertx, this::drain).subscribe().with(
                deleted -> {
                    if (deleted > 0) LOG.debugf("Expired %d items", deleted);
                    running.set(false);
                },
                failure -> {
                    LOG.errorf(failure, "Item expiry sweep failed");
                    running.set(false);
                });
    }

    /** Batches until one comes back short: a backlog drains without waiting for the next tick. */
    private Uni<Integer> drain() {
        int batch = config.itemExpirySweepBatch();
        return service.expireItems(batch).chain(n -> n < batch
                ? Uni.createFrom().item(n)
                : drain().map(more -> n + more));
    }
}
