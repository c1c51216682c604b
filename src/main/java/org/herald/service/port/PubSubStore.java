package org.herald.service.port;

import io.smallrye.mutiny.Uni;
import java.util.function.Function;

/**
 * The source of truth for nodes, affiliations, subscriptions and items.
 *
 * <p>Contract: {@link #inTransaction} runs {@code work} in one transaction and commits when the returned Uni
 * succeeds, rolls back when it fails (the failure propagates unchanged). The work must issue its calls on the
 * {@link StoreTx} one after another, never concurrently. A Uni returned by inTransaction that succeeded means the
 * change is durable.
 */
public interface PubSubStore {
    <T> Uni<T> inTransaction(Function<StoreTx, Uni<T>> work);

    /**
     * As {@link #inTransaction}, for work that may be applied more than once. A store may first try the work without
     * a transaction, answering its reads from a copy of committed data (a cache), and at the first call it cannot
     * answer so (a lock, a write, a read it holds no copy for) abandon that try, having changed nothing, and run the
     * work again in a transaction. Such work must not recover from failures of its StoreTx calls, and must keep no
     * state across applications other than what it may see twice anyway (as work retried after a roster question).
     */
    default <T> Uni<T> inTransactionRetryable(Function<StoreTx, Uni<T>> work) {
        return inTransaction(work);
    }
}
