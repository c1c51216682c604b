package org.herald.persistence;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;
import org.herald.domain.Affiliation;
import org.herald.domain.AffiliationEntry;
import org.herald.domain.Ancestor;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.NodeConfig;
import org.herald.domain.StoredItem;
import org.herald.domain.Subscription;
import org.herald.service.port.ItemRange;
import org.herald.domain.SubscriptionOptions;
import org.herald.service.port.DueDigest;
import org.herald.domain.SubscriptionState;
import org.herald.service.port.StoreTx;
import org.herald.domain.geo.NodePosition;
import org.herald.domain.geo.Position;

/**
 * One store transaction over one reactive session. Each method issues its statements one after another on that
 * session; the caller must not start the next call before the previous Uni completed (the StoreTx contract), as a
 * Hibernate Reactive session does not support concurrent operations.
 */
final class HibernateStoreTx implements StoreTx {

    private final NodeStatements nodes;
    private final AffiliationStatements affiliations;
    private final SubscriptionStatements subscriptions;
    private final ItemStatements items;
    private final CollectionStatements collections;
    private final GeoStatements geo;

    HibernateStoreTx(Mutiny.Session session) {
        nodes = new NodeStatements(session);
        affiliations = new AffiliationStatements(session);
        subscriptions = new SubscriptionStatements(session);
        items = new ItemStatements(session);
        collections = new CollectionStatements(session);
        geo = new GeoStatements(session);
    }

    @Override
    public Uni<Optional<Node>> findNode(String nodeId) {
        return nodes.find(nodeId).chain(collections::withLinks);
    }

    @Override
    public Uni<Optional<Node>> lockNode(String nodeId) {
        return nodes.lock(nodeId).chain(collections::withLinks);
    }

    @Override
    public Uni<Void> insertNode(Node node) {
        return nodes.insert(node);
    }

    @Override
    public Uni<Void> updateNodeConfig(String nodeId, NodeConfig config) {
        return nodes.updateConfig(nodeId, config);
    }

    @Override
    public Uni<Void> deleteNode(String nodeId) {
        return nodes.delete(nodeId);
    }

    @Override
    public Uni<List<Node>> nodes() {
        return nodes.all().chain(collections::withLinks);
    }

    @Override
    public Uni<Void> lockGraph() {
        return collections.lockGraph();
    }

    @Override
    public Uni<Void> associate(String child, String collection) {
        return collections.associate(child, collection);
    }

    @Override
    public Uni<Boolean> dissociate(String child, String collection) {
        return collections.dissociate(child, collection);
    }

    @Override
    public Uni<List<Ancestor>> ancestors(String nodeId) {
        return collections.ancestors(nodeId);
    }

    @Override
    public Uni<Affiliation> affiliation(String nodeId, Jid bareJid) {
        return affiliations.of(nodeId, bareJid);
    }

    @Override
    public Uni<List<AffiliationEntry>> affiliations(String nodeId) {
        return affiliations.ofNode(nodeId);
    }

    @Override
    public Uni<List<AffiliationEntry>> affiliationsOf(Jid bareJid) {
        return affiliations.ofJid(bareJid);
    }

    @Override
    public Uni<Integer> countOwnedNodes(Jid bareJid) {
        return affiliations.countOwned(bareJid);
    }

    @Override
    public Uni<Void> lockOwner(Jid bareJid) {
        return affiliations.lockOwner(bareJid);
    }

    @Override
    public Uni<Void> setAffiliation(String nodeId, Jid bareJid, Affiliation affiliation) {
        return affiliations.set(nodeId, bareJid, affiliation);
    }

    @Override
    public Uni<List<Subscription>> subscriptions(String nodeId) {
        return subscriptions.ofNode(nodeId);
    }

    @Override
    public Uni<List<Subscription>> subscriptionsOf(Jid bareJid, String nodeId) {
        return subscriptions.ofJid(bareJid, nodeId);
    }

    @Override
    public Uni<Void> insertSubscription(Subscription subscription) {
        return subscriptions.insert(subscription);
    }

    @Override
    public Uni<Void> deleteSubscription(String nodeId, String subId) {
        return subscriptions.delete(nodeId, subId);
    }

    @Override
    public Uni<Void> updateSubscriptionOptions(String nodeId, String subId, SubscriptionOptions options, Instant now) {
        return subscriptions.updateOptions(nodeId, subId, options, now);
    }

    @Override
    public Uni<List<DueDigest>> claimDueDigests(Instant now, int limit) {
        return subscriptions.claimDueDigests(now, limit);
    }

    @Override
    public Uni<Void> advanceDigest(String nodeId, String subId, long seq, Instant nextDue) {
        return subscriptions.advanceDigest(nodeId, subId, seq, nextDue);
    }

    @Override
    public Uni<List<Subscription>> deleteExpiredSubscriptions(Instant now, int limit) {
        return subscriptions.deleteExpired(now, limit);
    }

    @Override
    public Uni<Void> setSubscriptionState(String nodeId, String subId, SubscriptionState state) {
        return subscriptions.setState(nodeId, subId, state);
    }

    @Override
    public Uni<List<Item>> items(String nodeId, int max) {
        return items.newest(nodeId, max);
    }

    @Override
    public Uni<List<Item>> itemsById(String nodeId, List<String> itemIds) {
        return items.byId(nodeId, itemIds);
    }

    @Override
    public Uni<List<String>> itemIds(String nodeId, int max) {
        return items.ids(nodeId, max);
    }

    @Override
    public Uni<Long> putItem(Item item) {
        return items.put(item);
    }

    @Override
    public Uni<List<String>> trimItems(String nodeId, long keep) {
        return items.trim(nodeId, keep);
    }

    @Override
    public Uni<List<String>> deleteItems(String nodeId, List<String> itemIds) {
        return items.delete(nodeId, itemIds);
    }

    @Override
    public Uni<Void> purgeItems(String nodeId) {
        // positions and tracks came from the purged items: a purged node shows no vehicles
        return items.purge(nodeId).chain(() -> geo.purge(nodeId));
    }

    @Override
    public Uni<List<StoredItem>> itemRange(String nodeId, ItemRange range) {
        return items.range(nodeId, range);
    }

    @Override
    public Uni<Long> countItems(String nodeId, ItemRange range) {
        return items.count(nodeId, range);
    }

    @Override
    public Uni<Optional<Long>> itemSeq(String nodeId, String itemId) {
        return items.seq(nodeId, itemId);
    }

    @Override
    public Uni<Boolean> hasItemSeq(String nodeId, long seq) {
        return items.hasSeq(nodeId, seq);
    }

    @Override
    public Uni<Map<String, List<String>>> deleteExpiredItems(Instant now, int limit) {
        return items.deleteExpired(now, limit);
    }

    @Override
    public Uni<List<StoredItem>> itemsAfter(String nodeId, long afterSeq, int max) {
        return items.after(nodeId, afterSeq, max);
    }

    @Override
    public Uni<Optional<Position>> latestPosition(String nodeId, String key) {
        return geo.latest(nodeId, key);
    }

    @Override
    public Uni<Void> putLatestPosition(String nodeId, Position position) {
        return geo.put(nodeId, position);
    }

    @Override
    public Uni<Void> removeLatestPosition(String nodeId, String key) {
        return geo.remove(nodeId, key);
    }

    @Override
    public Uni<Void> appendTrack(String nodeId, Position position, boolean jump) {
        return geo.append(nodeId, position, jump);
    }

    @Override
    public Uni<List<Position>> latestPositions(String nodeId) {
        return geo.all(nodeId);
    }

    @Override
    public Uni<List<Position>> track(String nodeId, String key, Instant from, Instant to, int limit) {
        return geo.track(nodeId, key, from, to, limit);
    }

    @Override
    public Uni<List<NodePosition>> markStale(Instant now, int limit) {
        return geo.markStale(now, limit);
    }

    @Override
    public Uni<Integer> forgetPositionsOf(String nodeId, List<String> itemIds) {
        return geo.forgetItems(nodeId, itemIds);
    }

    @Override
    public Uni<Integer> pruneTracks(Instant keepSince, Instant now, int limit) {
        return geo.pruneTracks(keepSince, now, limit);
    }
}
