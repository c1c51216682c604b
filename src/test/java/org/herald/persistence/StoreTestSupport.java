package org.herald.persistence;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.herald.domain.AccessModel;
import org.herald.domain.Affiliation;
import org.herald.domain.AffiliationEntry;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.NodeConfig;
import org.herald.domain.NodeType;
import org.herald.domain.NotificationType;
import org.herald.domain.PublishModel;
import org.herald.domain.SendLastPublishedItem;
import org.herald.domain.Subscription;
import org.herald.service.port.PubSubStore;
import org.herald.service.port.StoreTx;

/**
 * Shared helpers: run a store transaction from a test thread (on a fresh Vert.x context, as Hibernate Reactive
 * requires) and make nodes with ids no other test or test run uses.
 */
abstract class StoreTestSupport {

    static final Jid OWNER = Jid.parse("owner@example.org");

    @Inject
    PubSubStore store;

    /** Runs {@code work} in one transaction and waits for it to commit (or throws what failed it). */
    <T> T tx(Function<StoreTx, Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> store.inTransaction(work));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Runs {@code work} in a transaction that is expected to fail, and returns the failure. */
    <T> Throwable txFailure(Function<StoreTx, Uni<T>> work) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> store.inTransaction(work));
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("the transaction succeeded");
    }

    // Typed one-call reads, each in its own transaction: what another client would see after a commit.

    Optional<Node> findNode(String nodeId) {
        return tx(t -> t.findNode(nodeId));
    }

    List<String> nodeIds() {
        return tx(StoreTx::nodes).stream().map(org.herald.domain.Node::id).toList();
    }

    List<Item> items(String nodeId, int max) {
        return tx(t -> t.items(nodeId, max));
    }

    List<Subscription> subscriptions(String nodeId) {
        return tx(t -> t.subscriptions(nodeId));
    }

    List<Subscription> subscriptionsOf(Jid jid, String nodeId) {
        return tx(t -> t.subscriptionsOf(jid, nodeId));
    }

    Affiliation affiliation(String nodeId, Jid jid) {
        return tx(t -> t.affiliation(nodeId, jid));
    }

    List<AffiliationEntry> affiliations(String nodeId) {
        return tx(t -> t.affiliations(nodeId));
    }

    List<AffiliationEntry> affiliationsOf(Jid jid) {
        return tx(t -> t.affiliationsOf(jid));
    }

    /** A node id unique to this call, so tests neither see nor disturb each other's data. */
    static String uniqueNodeId(String what) {
        return "test/" + what + "/" + UUID.randomUUID();
    }

    /** Creates a node with {@link #defaultConfig()} in its own transaction and returns its id. */
    String createNode(String what) {
        String id = uniqueNodeId(what);
        tx(t -> t.insertNode(new Node(id, defaultConfig(), OWNER, now())));
        return id;
    }

    /** PostgreSQL keeps microseconds; a test instant at that precision must come back equal. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static NodeConfig defaultConfig() {
        return new NodeConfig(NodeType.LEAF, null, null, AccessModel.OPEN, PublishModel.PUBLISHERS, 10, true, true,
                true, true, true, true, false, false, true, 65536, SendLastPublishedItem.NEVER,
                NotificationType.HEADLINE, null, List.of(), List.of(), null);
    }

    /**
     * Suspends a transaction's chain until {@code gate} completes, then resumes on the transaction's own Vert.x
     * context (the session must not be used from the thread that completed the gate). Call inside the chain.
     */
    static <T> Uni<T> pauseUntil(CompletableFuture<T> gate) {
        Context context = Vertx.currentContext();
        return Uni.createFrom().completionStage(gate).emitOn(r -> context.runOnContext(v -> r.run()));
    }

    /** Whether a backend of {@code c}'s database is blocked on a row lock while locking a node (lockNode's select). */
    static boolean someoneWaitsForANodeLock(Connection c) throws SQLException {
        try (c; Statement s = c.createStatement();
             ResultSet r = s.executeQuery("""
                     select count(*) from pg_stat_activity
                     where datname = current_database() and wait_event_type = 'Lock'
                       and query ilike '%from nodes%for%update%'""")) {
            r.next();
            return r.getInt(1) > 0;
        }
    }
}
