package org.herald.cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Alternative;
import java.util.Set;
import java.util.function.Function;
import org.herald.fanout.RedisNames;
import org.herald.persistence.PostgresPubSubStore;
import org.herald.service.port.PubSubStore;
import org.herald.service.port.StoreTx;

/**
 * The {@link PubSubStore} the core gets: PostgreSQL's, with the hot reads served from Redis (docs/caches.md).
 * A decorator in the adapter layer; the core knows nothing of it. With {@code herald.cache.enabled=false} it hands
 * every transaction straight to PostgreSQL.
 *
 * <p>Each transaction's changed nodes are invalidated in Redis after it ends (committed, failed or of unknown
 * outcome alike) and before its caller hears of it, so the caller's next read, on any instance, sees the change.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class CachingPubSubStore implements PubSubStore {
    /** Marks a context that is inside a caching transaction: an inner inTransaction joins it (as Hibernate does). */
    private static final String ACTIVE = "herald.cache.tx";

    private final PostgresPubSubStore db;
    private final RedisCache cache;
    private final Vertx vertx;
    private long retryTimer = -1;

    CachingPubSubStore(PostgresPubSubStore db, RedisAPI redis, RedisNames names, CacheConfig config,
                       MeterRegistry registry, Vertx vertx) {
        this.db = db;
        this.cache = new RedisCache(redis, names, config, registry);
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent started) {
        if (!cache.config().enabled()) return;
        retryTimer = vertx.setPeriodic(Math.max(1, cache.config().retryInterval().toMillis()),
                // retryPending recovers from Redis errors itself (logged, kept pending): nothing reaches the handlers
                id -> cache.retryPending().subscribe().with(v -> { }, e -> { }));
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (retryTimer >= 0) vertx.cancelTimer(retryTimer);
    }

    /** Nodes whose invalidation still waits for Redis on this instance (tests, diagnostics). */
    public Set<String> pendingInvalidations() {
        return cache.pending();
    }

    /**
     * Tries the work from the caches alone first, with no transaction and no PostgreSQL connection: a read whose
     * every answer is cached costs Redis round trips only. At the first call the cache cannot answer (a miss, a lock,
     * a write, a read that is never cached) the try is abandoned, having written nothing anywhere, and the work runs
     * in a transaction as {@link #inTransaction} runs it.
     */
    @Override
    public <T> Uni<T> inTransactionRetryable(Function<StoreTx, Uni<T>> work) {
        if (!cache.config().enabled()) return db.inTransaction(work);
        return Uni.createFrom().deferred(() -> {
                    Context context = Vertx.currentContext();
                    if (context != null && VertxContext.isDuplicatedContext(context) && context.getLocal(ACTIVE) != null) {
                        return inTransaction(work); // inside a transaction already: join it
                    }
                    CachingStoreTx trial = new CachingStoreTx(NoDatabase.TX, cache, true);
                    // a refusal is an answer too (decided on cached data): only an abandoned try goes uncounted
                    return work.apply(trial).onItemOrFailure().invoke((value, failure) -> {
                        if (failure != NoDatabase.NEEDED) trial.counted();
                    });
                })
                .onFailure(e -> e == NoDatabase.NEEDED).recoverWithUni(() -> inTransaction(work));
    }

    @Override
    public <T> Uni<T> inTransaction(Function<StoreTx, Uni<T>> work) {
        if (!cache.config().enabled()) return db.inTransaction(work);
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            boolean marks = context != null && VertxContext.isDuplicatedContext(context);
            if (marks && context.getLocal(ACTIVE) instanceof CachingStoreTx outer) {
                return work.apply(outer); // joins the outer transaction; the outer one invalidates after its end
            }
            CachingStoreTx[] opened = new CachingStoreTx[1];
            return db.<T>inTransaction(tx -> {
                        CachingStoreTx caching = new CachingStoreTx(tx, cache);
                        opened[0] = caching;
                        if (marks) context.putLocal(ACTIVE, caching);
                        return work.apply(caching);
                    })
                    .onTermination().call((value, failure, cancelled) -> {
                        if (marks) context.removeLocal(ACTIVE);
                        return opened[0] == null ? Uni.createFrom().voidItem() : cache.invalidate(opened[0].changed());
                    });
        });
    }
}
