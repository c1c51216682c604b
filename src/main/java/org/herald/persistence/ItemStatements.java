package org.herald.persistence;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.StoredItem;
import org.herald.service.port.ItemRange;

/**
 * The item half of a {@link HibernateStoreTx}. Every write is one SQL statement and reads are projections, so
 * no item is ever a managed entity that a later upsert or bulk delete could leave stale in the session.
 * Newest first means highest {@code seq} first.
 */
final class ItemStatements {

    private static final String COLUMNS = "select i.itemId, i.payload, i.publisher, i.published from ItemEntity i ";
    private static final String NEWEST = COLUMNS + "where i.nodeId = :node order by i.seq desc";
    private static final String IDS = "select i.itemId from ItemEntity i where i.nodeId = :node order by i.seq desc";
    private static final String BY_ID = COLUMNS + "where i.nodeId = :node and i.itemId in (:ids) order by i.seq desc";

    // A re-published id takes a fresh seq, which makes it the newest. Native SQL because HQL has no nextval.
    private static final String PUT = """
            insert into items (node_id, item_id, payload, publisher, published, seq)
            values (:node, :id, cast(:payload as text), :publisher, :published, nextval('item_seq'))
            on conflict (node_id, item_id) do update set payload = excluded.payload,
                publisher = excluded.publisher, published = excluded.published, seq = excluded.seq
            returning seq""";

    // One statement: the subquery walks items_node_seq_ix past the newest :keep rows and deletes the rest.
    private static final String TRIM = """
            delete from items where node_id = :node and item_id in (
                select item_id from items where node_id = :node order by seq desc offset :keep)
            returning item_id""";

    private static final String DELETE = """
            delete from items where node_id = :node and item_id in (:ids) returning item_id""";

    // digests (pubsub#digest) read the items after their cursor, oldest first
    private static final String AFTER = """
            select i.itemId, i.payload, i.publisher, i.published, i.seq from ItemEntity i
            where i.nodeId = :node and i.seq > :after order by i.seq""";

    private static final String PURGE = "delete from ItemEntity i where i.nodeId = :node";

    private static final String RANGE = "select i.itemId, i.payload, i.publisher, i.published, i.seq from ItemEntity i "
            + "where i.nodeId = :node";
    private static final String COUNT = "select count(i) from ItemEntity i where i.nodeId = :node";
    private static final String SEQ = "select i.seq from ItemEntity i where i.nodeId = :node and i.itemId = :id";
    private static final String HAS_SEQ = COUNT + " and i.seq = :seq";

    /*
     * Claims expired items with SKIP LOCKED, so concurrent sweepers (several Herald instances) take disjoint
     * batches and never wait on each other or on a publish holding the row; deleting what was claimed in the same
     * statement makes each item's retraction reported once. Oldest first, so a backlog drains in order.
     */
    private static final String DELETE_EXPIRED = """
            delete from items d using (
                select i.node_id, i.item_id from items i join nodes n on n.id = i.node_id
                where n.item_expire is not null
                  and i.published <= cast(:now as timestamptz) - n.item_expire * interval '1 second'
                order by i.published
                limit :limit
                for update of i skip locked) e
            where d.node_id = e.node_id and d.item_id = e.item_id
            returning d.node_id, d.item_id""";

    private final Mutiny.Session session;

    ItemStatements(Mutiny.Session session) {
        this.session = session;
    }

    Uni<List<Item>> newest(String nodeId, int max) {
        if (max < 0) return Uni.createFrom().failure(new IllegalArgumentException("max must not be negative: " + max));
        if (max == 0) return Uni.createFrom().item(List.of());
        return list(nodeId, session.createSelectionQuery(NEWEST, Object[].class).setMaxResults(max));
    }

    Uni<List<String>> ids(String nodeId, int max) {
        if (max < 0) return Uni.createFrom().failure(new IllegalArgumentException("max must not be negative: " + max));
        if (max == 0) return Uni.createFrom().item(List.of());
        return session.createSelectionQuery(IDS, String.class).setParameter("node", nodeId).setMaxResults(max).getResultList();
    }

    Uni<List<Item>> byId(String nodeId, List<String> itemIds) {
        if (itemIds.isEmpty()) return Uni.createFrom().item(List.of());
        return list(nodeId, session.createSelectionQuery(BY_ID, Object[].class).setParameter("ids", itemIds));
    }

    /*
     * put, trim and delete run on every publish and retract, so their native queries are created without a result
     * class: Hibernate 7.2 keys its query plan cache for a native query on the SQL and the result builders, and the
     * builder a result class brings (ImplicitResultClassBuilder) has no equals. With one, every execution missed the
     * cache, parsed a new plan and added it beside the earlier ones under the same hash, which each later lookup then
     * walked (12 % of Herald's CPU samples in the publish-rate benchmark's profile, with a cache full of dead plans; see
     * bench/README.md, "Where Herald loses: the profile"). Without one the key is the SQL alone and the plan is
     * reused; a one-column row comes back as that column's value.
     */

    /** Stores (or re-publishes) an item and answers the sequence number it drew. */
    Uni<Long> put(Item item) {
        return session.createNativeQuery(PUT)
                .setParameter("node", item.node())
                .setParameter("id", item.id())
                .setParameter("payload", item.payload())
                .setParameter("publisher", item.publisher().toString())
                .setParameter("published", item.published())
                .getSingleResult()
                .map(seq -> ((Number) seq).longValue());
    }

    Uni<List<String>> trim(String nodeId, long keep) {
        if (keep < 0) return Uni.createFrom().failure(new IllegalArgumentException("keep must not be negative: " + keep));
        return strings(session.createNativeQuery(TRIM)
                .setParameter("node", nodeId)
                .setParameter("keep", keep)
                .getResultList());
    }

    /** The one-column rows of an untyped native query (see above) as strings. */
    static Uni<List<String>> strings(Uni<List<Object>> rows) {
        return rows.map(list -> list.stream().map(String.class::cast).toList());
    }

    /** The ids that existed, in the order asked for, each once. */
    Uni<List<String>> delete(String nodeId, List<String> itemIds) {
        if (itemIds.isEmpty()) return Uni.createFrom().item(List.of());
        Set<String> asked = new LinkedHashSet<>(itemIds);
        return strings(session.createNativeQuery(DELETE)
                .setParameter("node", nodeId)
                .setParameter("ids", List.copyOf(asked))
                .getResultList())
                .map(deleted -> {
                    Set<String> gone = Set.copyOf(deleted);
                    return asked.stream().filter(gone::contains).toList();
                });
    }

    Uni<Void> purge(String nodeId) {
        return session.createMutationQuery(PURGE).setParameter("node", nodeId).executeUpdate().replaceWithVoid();
    }

    Uni<List<StoredItem>> range(String nodeId, ItemRange r) {
        if (r.limit() == 0) return Uni.createFrom().item(List.of());
        String hql = RANGE + bounds(r) + " order by i.seq " + (r.ascending() ? "asc" : "desc");
        Mutiny.SelectionQuery<Object[]> q = session.createSelectionQuery(hql, Object[].class)
                .setParameter("node", nodeId)
                .setMaxResults(r.limit())
                .setFirstResult(r.offset());
        bind(q, r);
        return q.getResultList().map(rows -> rows.stream()
                .map(row -> new StoredItem((Long) row[4], toDomain(nodeId, row))).toList());
    }

    Uni<Long> count(String nodeId, ItemRange r) {
        Mutiny.SelectionQuery<Long> q = session.createSelectionQuery(COUNT + bounds(r), Long.class).setParameter("node", nodeId);
        bind(q, r);
        return q.getSingleResult();
    }

    Uni<Optional<Long>> seq(String nodeId, String itemId) {
        return session.createSelectionQuery(SEQ, Long.class).setParameter("node", nodeId).setParameter("id", itemId)
                .getSingleResultOrNull().map(Optional::ofNullable);
    }

    Uni<Boolean> hasSeq(String nodeId, long seq) {
        return session.createSelectionQuery(HAS_SEQ, Long.class).setParameter("node", nodeId).setParameter("seq", seq)
                .getSingleResult().map(n -> n > 0);
    }

    Uni<Map<String, List<String>>> deleteExpired(Instant now, int limit) {
        if (limit < 1) return Uni.createFrom().item(Map.of());
        return session.createNativeQuery(DELETE_EXPIRED, Object[].class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList()
                .map(rows -> {
                    Map<String, List<String>> byNode = new LinkedHashMap<>();
                    for (Object[] r : rows) byNode.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add((String) r[1]);
                    return byNode;
                });
    }

    /** The range's optional bounds as HQL conditions; {@link #bind} sets the same parameters. */
    private static String bounds(ItemRange r) {
        StringBuilder b = new StringBuilder();
        if (r.notBefore() != null) b.append(" and i.published >= :notBefore");
        if (r.notAfter() != null) b.append(" and i.published <= :notAfter");
        if (r.seqAbove() != null) b.append(" and i.seq > :seqAbove");
        if (r.seqBelow() != null) b.append(" and i.seq < :seqBelow");
        if (r.publisher() != null) {
            b.append(r.publisher().resource() == null
                    ? " and (i.publisher = :publisher or left(i.publisher, :prefixLength) = :prefix)"
                    : " and i.publisher = :publisher");
        }
        return b.toString();
    }

    private static void bind(Mutiny.SelectionQuery<?> q, ItemRange r) {
        if (r.notBefore() != null) q.setParameter("notBefore", r.notBefore());
        if (r.notAfter() != null) q.setParameter("notAfter", r.notAfter());
        if (r.seqAbove() != null) q.setParameter("seqAbove", r.seqAbove());
        if (r.seqBelow() != null) q.setParameter("seqBelow", r.seqBelow());
        if (r.publisher() != null) {
            String with = r.publisher().toString();
            q.setParameter("publisher", with);
            if (r.publisher().resource() == null) {
                q.setParameter("prefix", with + "/");
                q.setParameter("prefixLength", with.length() + 1);
            }
        }
    }

    Uni<List<StoredItem>> after(String nodeId, long afterSeq, int max) {
        if (max < 1) return Uni.createFrom().item(List.of());
        return session.createSelectionQuery(AFTER, Object[].class)
                .setParameter("node", nodeId)
                .setParameter("after", afterSeq)
                .setMaxResults(max)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new StoredItem((Long) r[4], toDomain(nodeId, r))).toList());
    }

    private static Uni<List<Item>> list(String nodeId, Mutiny.SelectionQuery<Object[]> q) {
        return q.setParameter("node", nodeId).getResultList()
                .map(rows -> rows.stream().map(r -> toDomain(nodeId, r)).toList());
    }

    private static Item toDomain(String nodeId, Object[] r) {
        return new Item(nodeId, (String) r[0], (String) r[1], Jid.parse((String) r[2]), (Instant) r[3]);
    }
}
