package org.herald.service.port;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Optional;
import org.herald.domain.Affiliation;
import org.herald.domain.AffiliationEntry;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.NodeConfig;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionState;

/**
 * Operations inside one store transaction. Affiliations are keyed by bare JID; a JID without a row has
 * {@link Affiliation#NONE}. Item lists are newest first (by publication order; a re-published id counts as new).
 */
public interface StoreTx {

    // --- nodes
    Uni<Optional<Node>> findNode(String nodeId);

    /** Loads the node and holds a write lock on it until the transaction ends (serialises publishes per node). */
    Uni<Optional<Node>> lockNode(String nodeId);

    /** Inserts a new node; fails with PubSubException(CONFLICT) if the id is taken. */
    Uni<Void> insertNode(Node node);

    Uni<Void> updateNodeConfig(String nodeId, NodeConfig config);

    /** Deletes the node with all its items, affiliations and subscriptions. */
    Uni<Void> deleteNode(String nodeId);

    /** All nodes, sorted by id. */
    Uni<List<Node>> nodes();

    // --- affiliations
    Uni<Affiliation> affiliation(String nodeId, Jid bareJid);

    Uni<List<AffiliationEntry>> affiliations(String nodeId);

    /** Affiliations of a bare JID across nodes (only those other than none). */
    Uni<List<AffiliationEntry>> affiliationsOf(Jid bareJid);

    /** Sets an affiliation; {@link Affiliation#NONE} removes the row. */
    Uni<Void> setAffiliation(String nodeId, Jid bareJid, Affiliation affiliation);

    // --- subscriptions
    Uni<List<Subscription>> subscriptions(String nodeId);

    /** Subscriptions whose JID has this bare JID, full or bare, across nodes (or one node when nodeId != null). */
    Uni<List<Subscription>> subscriptionsOf(Jid bareJid, String nodeId);

    Uni<Void> insertSubscription(Subscription subscription);

    Uni<Void> deleteSubscription(String nodeId, String subId);

    /** Changes the state of one subscription, e.g. pending to subscribed when an owner approves it (§8.6). */
    Uni<Void> setSubscriptionState(String nodeId, String subId, SubscriptionState state);

    // --- items
    Uni<List<Item>> items(String nodeId, int max);

    Uni<List<Item>> itemsById(String nodeId, List<String> itemIds);

    /** The ids of the newest {@code max} items, without their payloads. */
    Uni<List<String>> itemIds(String nodeId, int max);

    /** Stores the item, replacing one with the same id (which then counts as newest). */
    Uni<Void> putItem(Item item);

    /** Keeps the newest {@code keep} items, deletes the rest; returns the ids deleted. */
    Uni<List<String>> trimItems(String nodeId, long keep);

    /** Deletes the items with these ids; returns the ids that existed. */
    Uni<List<String>> deleteItems(String nodeId, List<String> itemIds);

    Uni<Void> purgeItems(String nodeId);
}
