package org.herald.service.port;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.herald.domain.Affiliation;
import org.herald.domain.AffiliationEntry;
import org.herald.domain.Ancestor;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.NodeConfig;
import org.herald.domain.StoredItem;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionOptions;
import org.herald.domain.SubscriptionState;
import org.herald.domain.geo.NodePosition;
import org.herald.domain.geo.Position;

/**
 * Operations inside one store transaction. Affiliations are keyed by bare JID; a JID without a row has
 * {@link Affiliation#NONE}. Item lists are newest first (by publication order; a re-published id counts as new).
 *
 * <p>The node graph (XEP-0248 collections) is a set of child → collection links. Nodes are returned with
 * {@link NodeConfig#collection()} and {@link NodeConfig#children()} filled from those links; {@link #insertNode} and
 * {@link #updateNodeConfig} ignore both lists: links change only through {@link #associate} and {@link #dissociate}.
 */
public interface StoreTx {

    // --- nodes
    Uni<Optional<Node>> findNode(String nodeId);

    /** Loads the node and holds a write lock on it until the transaction ends (serialises publishes per node). */
    Uni<Optional<Node>> lockNode(String nodeId);

    /** Inserts a new node; fails with PubSubException(CONFLICT) if the id is taken. */
    Uni<Void> insertNode(Node node);

    Uni<Void> updateNodeConfig(String nodeId, NodeConfig config);

    /** Deletes the node with all its items, affiliations, subscriptions and links to parents and children. */
    Uni<Void> deleteNode(String nodeId);

    /** All nodes, sorted by id. */
    Uni<List<Node>> nodes();

    // --- node graph (XEP-0248)

    /**
     * Serialises changes to the node graph until the transaction ends: two transactions each adding a link that
     * is harmless alone must not together close a cycle that neither saw.
     */
    Uni<Void> lockGraph();

    /** Links {@code child} under {@code collection} (both exist); an existing link stays as it is. */
    Uni<Void> associate(String child, String collection);

    /** Removes the link; returns whether there was one. */
    Uni<Boolean> dissociate(String child, String collection);

    /** Every collection above the node, each once with its shortest distance, nearest first then by id. */
    Uni<List<Ancestor>> ancestors(String nodeId);

    // --- affiliations
    Uni<Affiliation> affiliation(String nodeId, Jid bareJid);

    Uni<List<AffiliationEntry>> affiliations(String nodeId);

    /** Affiliations of a bare JID across nodes (only those other than none). */
    Uni<List<AffiliationEntry>> affiliationsOf(Jid bareJid);

    /** How many nodes this bare JID is owner of. */
    Uni<Integer> countOwnedNodes(Jid bareJid);

    /**
     * Serialises, until the transaction ends, the work of every transaction that takes this lock for the same owner:
     * a count of the owner's nodes followed by a create cannot interleave with another such pair (nodes per owner).
     */
    Uni<Void> lockOwner(Jid bareJid);

    /** Sets an affiliation; {@link Affiliation#NONE} removes the row. */
    Uni<Void> setAffiliation(String nodeId, Jid bareJid, Affiliation affiliation);

    // --- subscriptions
    Uni<List<Subscription>> subscriptions(String nodeId);

    /** Subscriptions whose JID has this bare JID, full or bare, across nodes (or one node when nodeId != null). */
    Uni<List<Subscription>> subscriptionsOf(Jid bareJid, String nodeId);

    Uni<Void> insertSubscription(Subscription subscription);

    Uni<Void> deleteSubscription(String nodeId, String subId);

    /**
     * Replaces a subscription's options (§6.3). When its digest is turned on, its digest cursor starts at the node's
     * newest item and its first digest falls due one period after {@code now}; when only the period changes, the
     * next digest is due no later than one new period after {@code now}.
     */
    Uni<Void> updateSubscriptionOptions(String nodeId, String subId, SubscriptionOptions options, Instant now);

    /**
     * Claims up to {@code limit} active digest subscriptions due at {@code now}, locking them until the transaction
     * ends; rows another transaction holds are skipped, so several instances never send the same digest.
     */
    Uni<List<DueDigest>> claimDueDigests(Instant now, int limit);

    /** Records that a digest carried the items up to {@code seq} and when the next one is due. */
    Uni<Void> advanceDigest(String nodeId, String subId, long seq, Instant nextDue);

    /**
     * Deletes up to {@code limit} subscriptions whose lease ended at {@code now} and returns them; rows another
     * transaction holds are skipped, so each ending is handled by one instance.
     */
    Uni<List<Subscription>> deleteExpiredSubscriptions(Instant now, int limit);

    /** Changes the state of one subscription, e.g. pending to subscribed when an owner approves it (§8.6). */
    Uni<Void> setSubscriptionState(String nodeId, String subId, SubscriptionState state);

    // --- items
    Uni<List<Item>> items(String nodeId, int max);

    Uni<List<Item>> itemsById(String nodeId, List<String> itemIds);

    /** The ids of the newest {@code max} items, without their payloads. */
    Uni<List<String>> itemIds(String nodeId, int max);

    /**
     * Stores the item, replacing one with the same id (which then counts as newest), and answers the sequence number
     * it drew (see {@link org.herald.domain.StoredItem}).
     */
    Uni<Long> putItem(Item item);

    /** Keeps the newest {@code keep} items, deletes the rest; returns the ids deleted. */
    Uni<List<String>> trimItems(String nodeId, long keep);

    /** Deletes the items with these ids; returns the ids that existed. */
    Uni<List<String>> deleteItems(String nodeId, List<String> itemIds);

    Uni<Void> purgeItems(String nodeId);

    // --- paged and archive reads (XEP-0059, XEP-0313) and expiry (§17.4.4 pubsub#item_expire)

    /** The items inside the range, in its order, at most {@code range.limit()}. */
    Uni<List<StoredItem>> itemRange(String nodeId, ItemRange range);

    /** How many items lie inside the range's time and seq bounds (its order, limit and offset do not matter). */
    Uni<Long> countItems(String nodeId, ItemRange range);

    /** The sequence number of the item with this id, if the node holds it. */
    Uni<Optional<Long>> itemSeq(String nodeId, String itemId);

    /** Whether the node holds an item with this sequence number. */
    Uni<Boolean> hasItemSeq(String nodeId, long seq);

    /**
     * Deletes at most {@code limit} items whose node's item_expire has run out at {@code now}, skipping items other
     * transactions hold (so several instances sweeping at once never wait for each other nor delete twice).
     *
     * @return the deleted item ids by node
     */
    Uni<Map<String, List<String>>> deleteExpiredItems(Instant now, int limit);

    /** Up to {@code max} items of the node published after {@code afterSeq}, oldest first, with their seq. */
    Uni<List<StoredItem>> itemsAfter(String nodeId, long afterSeq, int max);

    // --- geolocation (issue #7): the latest-position index and the tracks. PostgreSQL is the truth; caches rebuild
    // from these. CONTRACT: the defaults below are replaced by the geo-service work (see /work/coord/brief7.md).

    /** The latest fix of one index entry, holding a write lock on it until the transaction ends; empty when none. */
    default Uni<Optional<Position>> latestPosition(String nodeId, String key) {
        throw new UnsupportedOperationException("geo store");
    }

    /** Inserts or replaces the latest fix of its entry ({@link Position#key()}). */
    default Uni<Void> putLatestPosition(String nodeId, Position position) {
        throw new UnsupportedOperationException("geo store");
    }

    /** Takes an entry out of the index (XEP-0080 stop command, or the item that keyed it was retracted). */
    default Uni<Void> removeLatestPosition(String nodeId, String key) {
        throw new UnsupportedOperationException("geo store");
    }

    /** Appends a fix to its entry's track: every valid fix, late ones included, flagged when it was a jump. */
    default Uni<Void> appendTrack(String nodeId, Position position, boolean jump) {
        throw new UnsupportedOperationException("geo store");
    }

    /** Every entry of a node's index. */
    default Uni<List<Position>> latestPositions(String nodeId) {
        throw new UnsupportedOperationException("geo store");
    }

    /** One entry's fixes taken in [from, to], oldest first, at most {@code limit}. */
    default Uni<List<Position>> track(String nodeId, String key, Instant from, Instant to, int limit) {
        throw new UnsupportedOperationException("geo store");
    }

    /**
     * Marks stale at most {@code limit} entries, on nodes with a herald#stale_after, that have received no fix for
     * that long at {@code now}, skipping rows other transactions hold; returns them as they are now (stale).
     */
    default Uni<List<NodePosition>> markStale(Instant now, int limit) {
        throw new UnsupportedOperationException("geo store");
    }

    /**
     * Takes out of the index the entries whose latest fix came with one of these items (they expired: a position
     * must not outlive the item that carried it). Returns how many entries went.
     */
    default Uni<Integer> forgetPositionsOf(String nodeId, List<String> itemIds) {
        throw new UnsupportedOperationException("geo store");
    }

    /**
     * Deletes at most {@code limit} track points received before {@code keepSince} (the service's track retention)
     * or older than their node's pubsub#item_expire at {@code now}, skipping rows other transactions hold.
     *
     * @return how many went
     */
    default Uni<Integer> pruneTracks(Instant keepSince, Instant now, int limit) {
        throw new UnsupportedOperationException("geo store");
    }
}
