package org.herald.jobs;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.herald.config.ComponentConfig;
import org.herald.config.PubSubConfig;
import org.herald.service.PubSubService;
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

    private final List<Long> timers = new ArrayList<>();
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
    }

    /** Runs the job every period, never twice at once; a run that filled a batch goes on at once with the next. */
    private void schedule(String name, Duration every, Supplier<Uni<Integer>> job) {
        AtomicBoolean running = new AtomicBoolean();
        timers.add(vertx.setPeriodic(every.toMillis(), id -> {
            if (!running.compareAndSet(false, true)) return;
            // a fresh duplicated context marked safe, as for stanzas: the reactive session lives in it alone
            Context dup = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(dup, true);
            dup.runOnContext(v -> drain(job).subscribe().with(
                    done -> running.set(false),
                    e -> {
                        running.set(false);
                        // a run cut short by shutdown is retried by the next start (its claim rolled back)
                        if (stopping) LOG.debugf(e, "subscription job '%s' stopped by shutdown", name);
                        else LOG.errorf(e, "subscription job '%s' failed; it runs again in %s", name, every);
                    }));
        }));
    }

    private static Uni<Void> drain(Supplier<Uni<Integer>> job) {
        return Uni.createFrom().<Integer>deferred(job::get)
                .chain(handled -> handled >= PubSubService.BATCH ? drain(job) : Uni.createFrom().voidItem());
    }
}
