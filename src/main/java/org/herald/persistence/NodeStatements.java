package org.herald.persistence;

import io.smallrye.mutiny.Uni;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;
import org.herald.domain.Node;
import org.herald.domain.NodeConfig;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;

/**
 * The node half of a {@link HibernateStoreTx}. Node rows are the only managed entities in the session: they are
 * loaded by id, changed through the entity and flushed at once, so the session never holds unwritten changes
 * between two StoreTx calls.
 */
final class NodeStatements {

    /*
     * Insert skips on conflict instead of failing: a failed statement would abort the PostgreSQL transaction,
     * while a skipped one lets the caller decide what a CONFLICT means.
     */
    private static final String INSERT = """
            insert into NodeEntity (id, creator, created, nodeType, title, description, accessModel, publishModel,
                maxItems, persistItems, deliverPayloads, deliverNotifications, notifyConfig, notifyDelete,
                notifyRetract, notifySub, presenceBasedDelivery, subscribe, maxPayloadSize, sendLastPublishedItem,
                notificationType, payloadType, rosterGroupsAllowed, contact, language, itemExpire, itemReply,
                geoKey, geoInvalid, staleAfter)
            values (:id, :creator, :created, :nodeType, :title, :description, :accessModel, :publishModel,
                :maxItems, :persistItems, :deliverPayloads, :deliverNotifications, :notifyConfig, :notifyDelete,
                :notifyRetract, :notifySub, :presenceBasedDelivery, :subscribe, :maxPayloadSize,
                :sendLastPublishedItem, :notificationType, :payloadType, :rosterGroupsAllowed, :contact, :language, :itemExpire, :itemReply,
                :geoKey, :geoInvalid, :staleAfter)
            on conflict (id) do nothing""";

    // "C" collation: code-point order, the same on every server whatever its locale.
    private static final String NODE_IDS = "select id from nodes order by id collate \"C\"";

    private final Mutiny.Session session;
    /** Nodes this transaction holds a row lock on: their managed state cannot be stale. */
    private final Set<String> locked = new HashSet<>();
    /** Nodes loaded without a lock: their managed state must be re-read when they get locked. */
    private final Set<String> loadedUnlocked = new HashSet<>();

    NodeStatements(Mutiny.Session session) {
        this.session = session;
    }

    Uni<Optional<Node>> find(String nodeId) {
        return session.find(NodeEntity.class, nodeId).map(e -> {
            if (e != null && !locked.contains(nodeId)) loadedUnlocked.add(nodeId);
            return toDomain(e);
        });
    }

    Uni<Optional<Node>> lock(String nodeId) {
        if (locked.contains(nodeId)) {
            return session.find(NodeEntity.class, nodeId).map(NodeStatements::toDomain);
        }
        if (loadedUnlocked.remove(nodeId)) {
            // The session returns its cached copy on find, which another transaction may have changed since:
            // refresh re-reads the row while taking the lock.
            return session.find(NodeEntity.class, nodeId)
                    .call(e -> e == null ? Uni.createFrom().voidItem() : session.refresh(e, LockMode.PESSIMISTIC_WRITE))
                    .map(this::lockedNode);
        }
        // PESSIMISTIC_WRITE is "FOR NO KEY UPDATE" on PostgreSQL: it excludes every other lockNode, UPDATE and
        // DELETE of the row, yet lets other transactions add items or subscriptions (their foreign-key checks
        // take only KEY SHARE), so a publish does not stall subscribers.
        return session.find(NodeEntity.class, nodeId, LockMode.PESSIMISTIC_WRITE).map(this::lockedNode);
    }

    Uni<Void> insert(Node node) {
        NodeEntity e = NodeMapping.toEntity(node);
        return session.createMutationQuery(INSERT)
                .setParameter("id", e.id)
                .setParameter("creator", e.creator)
                .setParameter("created", e.created)
                .setParameter("nodeType", e.nodeType)
                .setParameter("title", e.title)
                .setParameter("description", e.description)
                .setParameter("accessModel", e.accessModel)
                .setParameter("publishModel", e.publishModel)
                .setParameter("maxItems", e.maxItems)
                .setParameter("persistItems", e.persistItems)
                .setParameter("deliverPayloads", e.deliverPayloads)
                .setParameter("deliverNotifications", e.deliverNotifications)
                .setParameter("notifyConfig", e.notifyConfig)
                .setParameter("notifyDelete", e.notifyDelete)
                .setParameter("notifyRetract", e.notifyRetract)
                .setParameter("notifySub", e.notifySub)
                .setParameter("presenceBasedDelivery", e.presenceBasedDelivery)
                .setParameter("subscribe", e.subscribe)
                .setParameter("maxPayloadSize", e.maxPayloadSize)
                .setParameter("sendLastPublishedItem", e.sendLastPublishedItem)
                .setParameter("notificationType", e.notificationType)
                .setParameter("payloadType", e.payloadType)
                .setParameter("rosterGroupsAllowed", e.rosterGroupsAllowed)
                .setParameter("contact", e.contact)
                .setParameter("language", e.language)
                .setParameter("itemExpire", e.itemExpire)
                .setParameter("itemReply", e.itemReply)
                .setParameter("geoKey", e.geoKey)
                .setParameter("geoInvalid", e.geoInvalid)
                .setParameter("staleAfter", e.staleAfter)
                .executeUpdate()
                .invoke(rows -> {
                    if (rows == 0) throw PubSubException.of(PubSubError.CONFLICT, "node " + node.id() + " already exists");
                })
                .replaceWithVoid();
    }

    Uni<Void> updateConfig(String nodeId, NodeConfig config) {
        return session.find(NodeEntity.class, nodeId)
                .chain(e -> {
                    if (e == null) return Uni.createFrom().failure(PubSubException.of(PubSubError.ITEM_NOT_FOUND,
                            "node " + nodeId + " does not exist"));
                    NodeMapping.applyConfig(e, config);
                    return session.flush();
                })
                // the UPDATE holds the row until commit, so the managed copy is now as good as a locked one
                .invoke(() -> {
                    loadedUnlocked.remove(nodeId);
                    locked.add(nodeId);
                });
    }

    /** Removing the row lets the database's ON DELETE CASCADE take items, affiliations and subscriptions. */
    Uni<Void> delete(String nodeId) {
        return session.find(NodeEntity.class, nodeId)
                .chain(e -> e == null ? Uni.createFrom().voidItem() : session.remove(e).chain(session::flush))
                .invoke(() -> {
                    locked.remove(nodeId);
                    loadedUnlocked.remove(nodeId);
                });
    }

    /** Every node, in the order of their ids (Java string order, as NODE_IDS sorts them). */
    Uni<List<Node>> all() {
        // Untyped, so Hibernate reuses the plan (see ItemStatements, "put, trim and delete"); one column: the id.
        return ItemStatements.strings(session.createNativeQuery(NODE_IDS).getResultList())
                .chain(ids -> session.find(NodeEntity.class, ids.toArray()))
                .map(entities -> entities.stream().filter(java.util.Objects::nonNull).map(NodeMapping::toDomain).toList());
    }

    private Optional<Node> lockedNode(NodeEntity e) {
        if (e != null) locked.add(e.id);
        return toDomain(e);
    }

    private static Optional<Node> toDomain(NodeEntity e) {
        return e == null ? Optional.empty() : Optional.of(NodeMapping.toDomain(e));
    }
}
