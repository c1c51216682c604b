package org.herald.jobs;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.herald.config.PubSubConfig;
import org.herald.service.PubSubService;

/**
 * Runs {@link PubSubService#expireItems} periodically (pubsub#item_expire, XEP-0060 §17.4.4): each expired item is
 * deleted, and its retraction told, once, whichever instance claims it.
 */
@ApplicationScoped
public class ItemExpirySweeper {
    @Inject
    Vertx vertx;

    @Inject
    PubSubConfig config;

    @Inject
    PubSubService service;

    private volatile PeriodicSweep sweep;

    void onStart(@Observes StartupEvent event) {
        sweep = new PeriodicSweep(vertx, "expired items", config.itemExpirySweepInterval(), config.itemExpirySweepBatch(),
                service::expireItems);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (sweep != null) sweep.stop();
    }
}
