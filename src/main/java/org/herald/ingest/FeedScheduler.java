package org.herald.ingest;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.herald.persistence.OutageLog;
import org.herald.runtime.OwnContext;
import org.jboss.logging.Logger;

/**
 * Polls due feeds on a Vert.x timer. Each run claims a batch (FOR UPDATE SKIP LOCKED with a lease, so several
 * instances share the work and a crashed instance's claims come back), then works the batch: hosts side by side,
 * one host's feeds one after the other with the politeness gap between them. Each feed's pass runs on a fresh
 * duplicated context of its own, so no two passes share a reactive session. Runs do not overlap.
 */
@ApplicationScoped
public class FeedScheduler {
    private static final Logger LOG = Logger.getLogger(FeedScheduler.class);
    private final OutageLog outage = new OutageLog(LOG, "feed scheduler");

    private final Vertx vertx;
    private final FeedStore store;
    private final FeedPass pass;
    private final IngestConfig config;
    private final HostGate hosts;
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile long timer = -1;

    FeedScheduler(Vertx vertx, FeedStore store, FeedPass pass, IngestConfig config) {
        this.vertx = vertx;
        this.store = store;
        this.pass = pass;
        this.config = config;
        this.hosts = new HostGate(config.hostGap());
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) timer = vertx.setPeriodic(Math.max(1, config.tick().toMillis()), id -> wake());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) vertx.cancelTimer(timer);
    }

    /** Starts a run unless one is going; a run going looks again before it stops. */
    public void wake() {
        again.set(true);
        if (!running.compareAndSet(false, true)) return;
        again.set(false);
        OwnContext.call(vertx, this::drain).subscribe().with(n -> {
            outage.succeeded();
            finished();
        }, e -> {
            outage.failed(e, "feed scheduler run failed");
            finished();
        });
    }

    /** Runs until no feed is due (for tests and the bench: one complete pass over what is due now). */
    public Uni<Integer> runOnce() {
        return OwnContext.call(vertx, this::drain);
    }

    private void finished() {
        running.set(false);
        if (again.get()) wake();
    }

    private Uni<Integer> drain() {
        Instant now = clock.instant();
        return store.claim(config.batchSize(), now, now.plus(config.claimLease())).chain(batch -> batch.isEmpty()
                ? Uni.createFrom().item(0)
                : work(batch).chain(() -> batch.size() < config.batchSize()
                        ? Uni.createFrom().item(batch.size())
                        : drain().map(more -> batch.size() + more)));
    }

    private Uni<Void> work(List<Feed> batch) {
        Map<String, List<Feed>> byHost = new LinkedHashMap<>();
        for (Feed f : batch) byHost.computeIfAbsent(HostGate.host(f.url()), h -> new ArrayList<>()).add(f);
        List<Uni<Void>> lanes = new ArrayList<>();
        for (Map.Entry<String, List<Feed>> lane : byHost.entrySet()) {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Feed f : lane.getValue()) {
                chain = chain.chain(() -> after(hosts.book(lane.getKey(), clock.instant())))
                        .chain(() -> OwnContext.call(vertx, () -> pass.run(f)));
            }
            lanes.add(chain);
        }
        return Uni.join().all(lanes).andCollectFailures().replaceWithVoid();
    }

    /** Completes after {@code d} on the caller's context (a Vert.x timer, so no thread is held meanwhile). */
    private Uni<Void> after(Duration d) {
        if (d.isZero() || d.isNegative()) return Uni.createFrom().voidItem();
        Context ctx = Vertx.currentContext();
        return Uni.createFrom().emitter(em -> vertx.setTimer(Math.max(1, d.toMillis()),
                id -> ctx.runOnContext(v -> em.complete(null))));
    }
}
