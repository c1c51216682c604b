package org.herald.http.websub;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Deletes subscriptions whose lease ended (§5.1.1 hub.lease_seconds; a subscriber renews by subscribing again). They
 * stop receiving the moment the lease ends anyway: neither queueing nor sending takes a lapsed subscription. Safe on
 * several instances: the delete is idempotent.
 */
@ApplicationScoped
public class LeaseSweeper {
    private static final Logger LOG = Logger.getLogger(LeaseSweeper.class);

    private final Vertx vertx;
    private final WebSubStore store;
    private final WebSubConfig config;
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long timer = -1;

    LeaseSweeper(Vertx vertx, WebSubStore store, WebSubConfig config) {
        this.vertx = vertx;
        this.store = store;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(Math.max(1, config.sweepInterval().toMillis()), id -> sweep());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) vertx.cancelTimer(timer);
    }

    private void sweep() {
        if (!running.compareAndSet(false, true)) return;
        Background.run(vertx, "lease sweep", () -> store.deleteExpired(clock.instant()), removed -> {
            if (removed != null && removed > 0) LOG.debugf("Removed %d expired WebSub subscriptions", removed);
            running.set(false);
        });
    }
}
