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
}
