package org.herald.persistence;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;
import org.herald.domain.Jid;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionState;

/**
 * The subscription half of a {@link HibernateStoreTx}: projections for reads, statements for writes (no managed
 * entities). Lookups by account go through {@code bare_jid}, so one query finds full and bare subscriptions alike.
 */
final class SubscriptionStatements {

    private static final String COLUMNS = "select s.nodeId, s.jid, s.subId, s.state, s.created from SubscriptionEntity s ";
    // creation order, with the SubID to break ties, so listings are stable
    private static final String ORDER = " order by s.nodeId, s.created, s.subId";
    private static final String OF_NODE = COLUMNS + "where s.nodeId = :node" + ORDER;
    private static final String OF_JID = COLUMNS + "where s.bareJid = :bare" + ORDER;
    private static final String OF_JID_AT_NODE = COLUMNS + "where s.bareJid = :bare and s.nodeId = :node" + ORDER;
    // Native SQL: Hibernate Reactive cannot translate an HQL insert into an entity with a composite id.
    private static final String INSERT = """
            insert into subscriptions (node_id, sub_id, jid, bare_jid, state, created)
            values (:node, :subId, :jid, :bare, :state, :created)""";
    private static final String DELETE = "delete from SubscriptionEntity s where s.nodeId = :node and s.subId = :subId";
    private static final String SET_STATE = "update subscriptions set state = :state where node_id = :node and sub_id = :subId";

    private final Mutiny.Session session;

    SubscriptionStatements(Mutiny.Session session) {
        this.session = session;
    }

    Uni<List<Subscription>> ofNode(String nodeId) {
        return list(session.createSelectionQuery(OF_NODE, Object[].class).setParameter("node", nodeId));
    }

    Uni<List<Subscription>> ofJid(Jid jid, String nodeId) {
        Mutiny.SelectionQuery<Object[]> q = nodeId == null
                ? session.createSelectionQuery(OF_JID, Object[].class)
                : session.createSelectionQuery(OF_JID_AT_NODE, Object[].class).setParameter("node", nodeId);
        return list(q.setParameter("bare", jid.bare().toString()));
    }

    Uni<Void> insert(Subscription s) {
        return session.createNativeQuery(INSERT)
                .setParameter("node", s.node())
                .setParameter("subId", s.subId())
                .setParameter("jid", s.jid().toString())
                .setParameter("bare", s.jid().bare().toString())
                .setParameter("state", s.state().wire())
                .setParameter("created", s.created())
                .executeUpdate()
                .replaceWithVoid();
    }

    Uni<Void> delete(String nodeId, String subId) {
        return session.createMutationQuery(DELETE)
                .setParameter("node", nodeId)
                .setParameter("subId", subId)
                .executeUpdate()
                .replaceWithVoid();
    }

    Uni<Void> setState(String nodeId, String subId, SubscriptionState state) {
        return session.createNativeQuery(SET_STATE)
                .setParameter("state", state.wire())
                .setParameter("node", nodeId)
                .setParameter("subId", subId)
                .executeUpdate()
                .replaceWithVoid();
    }

    private static Uni<List<Subscription>> list(Mutiny.SelectionQuery<Object[]> q) {
        return q.getResultList().map(rows -> rows.stream().map(SubscriptionStatements::toDomain).toList());
    }

    private static Subscription toDomain(Object[] r) {
        return new Subscription((String) r[0], Jid.parse((String) r[1]), (String) r[2],
                WireNames.decode(SubscriptionState.class, (String) r[3]), (Instant) r[4]);
    }
}
