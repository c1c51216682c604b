package org.herald.jobs;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.herald.persistence.OutageLog;
import org.herald.runtime.OwnContext;
import org.jboss.logging.Logger;

/**
 * A sweep the core offers in batches ({@code work.apply(batch)} answers how many rows it handled), run every
 * {@code period} on this instance. Every Herald instance runs its own: the store claims rows with SKIP LOCKED, so
 * concurrent sweeps share the work. One sweep at a time per instance (a slow sweep is not overtaken by the next
 * tick), each on its own Vert.x context as for stanzas (the reactive session lives in it), and a full batch is
 * followed at once by another, so a backlog drains without waiting for the next tick.
 */
final class PeriodicSweep {
    private static final Logger LOG = Logger.getLogger(PeriodicSweep.class);

    private final Vertx vertx;
    private final String what;
    private final int batch;
    private final IntFunction<Uni<Integer>> work;
    private final AtomicBoolean running = new AtomicBoolean();
    private final long timer;
    private final OutageLog outage;
    /** Set on shutdown: a sweep cut short by the closing database pool is expected then, not an error. */
    private volatile boolean stopped;

    /** Starts sweeping; {@code what} names the sweep in logs ("expired items"). */
    PeriodicSweep(Vertx vertx, String what, Duration period, int batch, IntFunction<Uni<Integer>> work) {
        this.vertx = vertx;
        this.what = what;
        this.batch = batch;
        this.work = work;
        this.outage = new OutageLog(LOG, "sweep of " + what);
        this.timer = vertx.setPeriodic(Math.max(1, period.toMillis()), id -> sweep());
    }

    void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
    }

    private void sweep() {
        if (!running.compareAndSet(false, true)) return;
        OwnContext.call(vertx, this::drain).subscribe().with(
                n -> {
                    outage.succeeded();
                    if (n > 0) LOG.debugf("Swept %d %s", n, what);
                    running.set(false);
                },
                failure -> {
                    if (stopped) LOG.debugf(failure, "Sweep of %s cut short by shutdown", what);
                    else outage.failed(failure, "Sweep of " + what + " failed");
                    running.set(false);
                });
    }

    private Uni<Integer> drain() {
        return work.apply(batch).chain(n -> n < batch
                ? Uni.createFrom().item(n)
                : drain().map(more -> n + more));
    }
}
