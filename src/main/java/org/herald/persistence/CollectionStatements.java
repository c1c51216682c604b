package org.herald.persistence;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;
import org.herald.domain.Ancestor;
import org.herald.domain.Node;

/**
 * The node graph half of a {@link HibernateStoreTx} (XEP-0248 collections): child → collection links in
 * {@code node_collections}, and the parents and children they give each node's configuration.
 */
final class CollectionStatements {

    private static final String LINKS_OF = """
            select node_id, collection_id from node_collections where node_id = :id or collection_id = :id""";
    private static final String ALL_LINKS = "select node_id, collection_id from node_collections";
    private static final String ASSOCIATE = """
            insert into node_collections (node_id, collection_id) values (:child, :collection)
            on conflict do nothing""";
    private static final String DISSOCIATE = """
            delete from node_collections where node_id = :child and collection_id = :collection""";
    /*
     * Walks up the links from the node, one primary-key lookup per step. The service keeps the graph acyclic; the
     * depth guard only bounds the walk should a cycle ever slip in.
     */
    private static final String ANCESTORS = """
            with recursive up(id, depth) as (
                select collection_id, 1 from node_collections where node_id = :id
                union
                select l.collection_id, up.depth + 1 from node_collections l join up on l.node_id = up.id
                where up.depth < 1000
            )
            select id, min(depth) as depth from up group by id order by depth, id collate "C\"""";

    /*
     * A transaction-scoped advisory lock: every Herald instance on the database takes the same key, so graph
     * changes run one at a time; it is released at commit or rollback. The key is arbitrary but fixed
     * (XEP numbers 0060 and 0248).
     */
    private static final String LOCK_GRAPH = "select 1 from (select pg_advisory_xact_lock(602480248)) l";

    private final Mutiny.Session session;

    CollectionStatements(Mutiny.Session session) {
        this.session = session;
    }

    /** The node with its collections and children filled in. */
    Uni<Optional<Node>> withLinks(Optional<Node> node) {
        if (node.isEmpty()) return Uni.createFrom().item(node);
        String id = node.get().id();
        return session.createNativeQuery(LINKS_OF, Object[].class).setParameter("id", id).getResultList()
                .map(rows -> Optional.of(fill(node.get(), index(rows))));
    }

    /** Every node with its collections and children, from one read of all links. */
    Uni<List<Node>> withLinks(List<Node> nodes) {
        if (nodes.isEmpty()) return Uni.createFrom().item(nodes);
        return session.createNativeQuery(ALL_LINKS, Object[].class).getResultList()
                .map(rows -> {
                    Links links = index(rows);
                    return nodes.stream().map(n -> fill(n, links)).toList();
                });
    }

    Uni<Void> lockGraph() {
        // Untyped, so Hibernate reuses the plan (see ItemStatements, "put, trim and delete").
        return session.createNativeQuery(LOCK_GRAPH).getSingleResult().replaceWithVoid();
    }

    Uni<Void> associate(String child, String collection) {
        return session.createNativeQuery(ASSOCIATE)
                .setParameter("child", child)
                .setParameter("collection", collection)
                .executeUpdate()
                .replaceWithVoid();
    }

    Uni<Boolean> dissociate(String child, String collection) {
        return session.createNativeQuery(DISSOCIATE)
                .setParameter("child", child)
                .setParameter("collection", collection)
                .executeUpdate()
                .map(rows -> rows > 0);
    }

    Uni<List<Ancestor>> ancestors(String nodeId) {
        return session.createNativeQuery(ANCESTORS, Object[].class).setParameter("id", nodeId).getResultList()
                .map(rows -> rows.stream().map(r -> new Ancestor((String) r[0], ((Number) r[1]).intValue())).toList());
    }

    /** child → parents and parent → children, each list sorted by id (Java string order, as NodeIDs sort). */
    private record Links(Map<String, List<String>> parents, Map<String, List<String>> children) {
    }

    private static Links index(List<Object[]> rows) {
        Map<String, List<String>> parents = new HashMap<>();
        Map<String, List<String>> children = new HashMap<>();
        for (Object[] r : rows) {
            String child = (String) r[0];
            String collection = (String) r[1];
            parents.computeIfAbsent(child, k -> new ArrayList<>()).add(collection);
            children.computeIfAbsent(collection, k -> new ArrayList<>()).add(child);
        }
        return new Links(parents, children);
    }

    private static Node fill(Node n, Links links) {
        List<String> collection = links.parents().getOrDefault(n.id(), List.of()).stream().sorted().toList();
        List<String> children = links.children().getOrDefault(n.id(), List.of()).stream().sorted().toList();
        return n.withConfig(n.config().with().collection(collection).children(children).build());
    }
}
