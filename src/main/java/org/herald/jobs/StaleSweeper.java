package org.herald.jobs;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.herald.config.GeoConfig;
import org.herald.service.PubSubService;

/**
 * Geolocation upkeep (issue #7): every herald.geo.stale-sweep, {@link PubSubService#sweepStale} tells vehicles silent
 * for their node's herald#stale_after as stale (each once, whichever instance claims it); every
 * herald.geo.track-prune, {@link PubSubService#pruneTracks} deletes track points past their retention.
 */
@ApplicationScoped
public class StaleSweeper {
    @Inject
    Vertx vertx;

    @Inject
    GeoConfig config;

    @Inject
    PubSubService service;

    private volatile PeriodicSweep stale;
    private volatile PeriodicSweep tracks;

    void onStart(@Observes StartupEvent event) {
        stale = new PeriodicSweep(vertx, "stale vehicles", config.staleSweep(), config.staleSweepBatch(), service::sweepStale);
        tracks = new PeriodicSweep(vertx, "track points", config.trackPrune(), config.trackPruneBatch(), service::pruneTracks);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (stale != null) stale.stop();
        if (tracks != null) tracks.stop();
    }
}
