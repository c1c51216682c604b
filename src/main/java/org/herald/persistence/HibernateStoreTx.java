package org.herald.persistence;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;
import org.herald.domain.Affiliation;
import org.herald.domain.AffiliationEntry;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.NodeConfig;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionState;
import org.herald.service.port.StoreTx;

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

    HibernateStoreTx(Mutiny.Session session) {
        nodes = new NodeStatements(session);
        affiliations = new AffiliationStatements(session);
        subscriptions = new SubscriptionStatements(session);
        items = new ItemStatements(session);
    }

    @Override
    public Uni<Optional<Node>> findNode(String nodeId) {
        return nodes.find(nodeId);
    }

    @Override
    public Uni<Optional<Node>> lockNode(String nodeId) {
        return nodes.lock(nodeId);
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
        return nodes.all();
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
    public Uni<Void> putItem(Item item) {
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
        return items.purge(nodeId);
    }
}
