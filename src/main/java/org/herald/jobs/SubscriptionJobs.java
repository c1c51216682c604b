package org.herald.jobs;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.herald.config.ComponentConfig;
import org.herald.config.PubSubConfig;
import org.herald.service.PubSubService;
import org.herald.persistence.OutageLog;
import org.herald.runtime.OwnContext;
import org.jboss.logging.Logger;

/**
 * The periodic subscription jobs on Vert.x timers: digests (pubsub#digest) and lease ends (§13.19). The rules are
 * the core's ({@link PubSubService#sendDueDigests}, {@link PubSubService#endExpiredLeases}); this only ticks.
 * Every instance runs them: the store claims work with FOR UPDATE SKIP LOCKED, so instances share it out. They
 * run only while the XMPP component is enabled, as their results are messages.
 */
@ApplicationScoped
public class SubscriptionJobs {
    private static final Logger LOG = Logger.getLogger(SubscriptionJobs.class);

    @Inject
    Vertx vertx;

    @Inject
    PubSubService service;

    @Inject
    PubSubConfig config;

    @Inject
    ComponentConfig component;

    /** How long shutdown waits for a run in progress, so it commits or rolls back before the pool closes. */
    static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final List<Long> timers = new ArrayList<>();
    /** Per job: the run in progress, or null. */
    private final List<AtomicReference<CompletableFuture<Void>>> runs = new ArrayList<>();
    private volatile boolean stopping;

    void onStart(@Observes StartupEvent event) {
        if (!component.enabled()) return;
        schedule("digests", config.digestCheckInterval(), service::sendDueDigests);
        schedule("leases", config.leaseSweepInterval(), service::endExpiredLeases);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        timers.forEach(vertx::cancelTimer);
        timers.clear();
        for (AtomicReference<CompletableFuture<Void>> run : runs) {
            CompletableFuture<Void> current = run.get();
            if (current == null) continue;
            try {
                current.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) { // its transaction rolls back; the next start does the work
                LOG.debugf(e, "a subscription job run did not end within %s of shutdown", STOP_WAIT);
            }
        }
    }

    /** Runs the job every period, never twice at once; a run that filled a batch goes on at once with the next. */
    private void schedule(String name, Duration every, Supplier<Uni<Integer>> job) {
        AtomicReference<CompletableFuture<Void>> running = new AtomicReference<>();
        runs.add(running);
        OutageLog outage = new OutageLog(LOG, "subscription job '" + name + "'");
        timers.add(vertx.setPeriodic(every.toMillis(), id -> {
            CompletableFuture<Void> run = new CompletableFuture<>();
            if (stopping || !running.compareAndSet(null, run)) return;
            // each run on its own context, as for stanzas: the reactive session lives in it alone
            OwnContext.call(vertx, () -> drain(job)).subscribe().with(
                    done -> {
                        outage.succeeded();
                        end(running, run);
                    },
                    e -> {
                        end(running, run);
                        // a run cut short by shutdown is retried by the next start (its claim rolled back)
                        if (stopping) LOG.debugf(e, "subscription job '%s' stopped by shutdown", name);
                        else outage.failed(e, "subscription job '" + name + "' failed; it runs again in " + every);
                    });
        }));
    }

    private static void end(AtomicReference<CompletableFuture<Void>> running, CompletableFuture<Void> run) {
        running.set(null);
        run.complete(null);
    }

    private static Uni<Void> drain(Supplier<Uni<Integer>> job) {
        return Uni.createFrom().<Integer>deferred(job::get)
                .chain(handled -> handled >= PubSubService.BATCH ? drain(job) : Uni.createFrom().voidItem());
    }
}
