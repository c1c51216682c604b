package org.herald.persistence;

import io.smallrye.mutiny.Uni;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;
import org.herald.domain.Affiliation;
import org.herald.domain.AffiliationEntry;
import org.herald.domain.Jid;

/**
 * The affiliation half of a {@link HibernateStoreTx}. Rows are read as projections and written by statements,
 * never held as managed entities, so an upsert can never leave a stale copy in the session.
 * JIDs are reduced to their bare form: affiliations belong to accounts (XEP-0060 §4.1).
 */
final class AffiliationStatements {

    private static final String ONE = """
            select a.affiliation from AffiliationEntity a where a.nodeId = :node and a.jid = :jid""";
    private static final String OF_NODE = """
            select a.jid, a.affiliation from AffiliationEntity a where a.nodeId = :node order by a.jid""";
    private static final String OF_JID = """
            select a.nodeId, a.affiliation from AffiliationEntity a where a.jid = :jid order by a.nodeId""";
    // Native SQL: Hibernate Reactive cannot translate an HQL insert into an entity with a composite id.
    private static final String UPSERT = """
            insert into affiliations (node_id, jid, affiliation) values (:node, :jid, :affiliation)
            on conflict (node_id, jid) do update set affiliation = excluded.affiliation""";
    private static final String DELETE = """
            delete from AffiliationEntity a where a.nodeId = :node and a.jid = :jid""";

    private static final String COUNT_OWNED = """
            select count(a) from AffiliationEntity a where a.jid = :jid and a.affiliation = :owner""";
    /*
     * A transaction-scoped advisory lock per owner (the two-int key space, which PostgreSQL keeps apart from the
     * one-bigint key of the graph lock): creates by one owner on every instance take turns; a hash collision between
     * two owners only makes them take turns too. 60 is XEP-0060's number, the class of Herald's owner locks.
     */
    private static final String LOCK_OWNER = "select 1 from (select pg_advisory_xact_lock(60, hashtext(:jid))) l";

    private final Mutiny.Session session;

    AffiliationStatements(Mutiny.Session session) {
        this.session = session;
    }

    Uni<Affiliation> of(String nodeId, Jid jid) {
        return session.createSelectionQuery(ONE, String.class)
                .setParameter("node", nodeId)
                .setParameter("jid", jid.bare().toString())
                .getSingleResultOrNull()
                .map(a -> a == null ? Affiliation.NONE : WireNames.decode(Affiliation.class, a));
    }

    Uni<List<AffiliationEntry>> ofNode(String nodeId) {
        return session.createSelectionQuery(OF_NODE, Object[].class)
                .setParameter("node", nodeId)
                .getResultList()
                .map(rows -> rows.stream().map(r -> entry(nodeId, (String) r[0], (String) r[1])).toList());
    }

    Uni<List<AffiliationEntry>> ofJid(Jid jid) {
        String bare = jid.bare().toString();
        return session.createSelectionQuery(OF_JID, Object[].class)
                .setParameter("jid", bare)
                .getResultList()
                .map(rows -> rows.stream().map(r -> entry((String) r[0], bare, (String) r[1])).toList());
    }

    Uni<Integer> countOwned(Jid jid) {
        return session.createSelectionQuery(COUNT_OWNED, Long.class)
                .setParameter("jid", jid.bare().toString())
                .setParameter("owner", Affiliation.OWNER.wire())
                .getSingleResult()
                .map(Long::intValue);
    }

    Uni<Void> lockOwner(Jid jid) {
        // Untyped, so Hibernate reuses the plan (see ItemStatements, "put, trim and delete").
        return session.createNativeQuery(LOCK_OWNER)
                .setParameter("jid", jid.bare().toString())
                .getSingleResult()
                .replaceWithVoid();
    }

    /** NONE is the absence of a row (the table has no 'none'), so setting it deletes. */
    Uni<Void> set(String nodeId, Jid jid, Affiliation affiliation) {
        String bare = jid.bare().toString();
        Mutiny.MutationQuery statement = affiliation == Affiliation.NONE
                ? session.createMutationQuery(DELETE)
                : session.createNativeQuery(UPSERT).setParameter("affiliation", affiliation.wire());
        return statement.setParameter("node", nodeId).setParameter("jid", bare).executeUpdate().replaceWithVoid();
    }

    private static AffiliationEntry entry(String nodeId, String jid, String affiliation) {
        return new AffiliationEntry(nodeId, Jid.parse(jid), WireNames.decode(Affiliation.class, affiliation));
    }
}
