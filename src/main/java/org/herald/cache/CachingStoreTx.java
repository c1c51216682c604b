package org.herald.cache;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
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
import org.herald.service.port.DueDigest;
import org.herald.service.port.ItemRange;
import org.herald.service.port.StoreTx;

/**
 * A store transaction whose reads of a node's configuration, affiliations, subscriptions and newest items may be
 * answered from Redis. Data only, never decisions: the core decides on the same values PostgreSQL would give it.
 *
 * <p>What keeps it correct:
 * <ul>
 *   <li>A node this transaction changed or locked is read from PostgreSQL from then on: its own uncommitted writes
 *       must show, and a read under the node's lock must see the last commit of whoever held the lock before (a
 *       cached value could predate that commit by the moment between its commit and its invalidation: two owner
 *       changes in a row could both count the same owners).</li>
 *   <li>After a lock or a write whose nodes are not known in advance (the graph lock, digest and lease claims, item
 *       expiry), every read goes to PostgreSQL.</li>
 *   <li>Only what PostgreSQL answered a transaction about a node it had not changed is written to the cache:
 *       committed data.</li>
 *   <li>Every node changed is invalidated after the transaction ends (CachingPubSubStore), committed or not.</li>
 * </ul>
 */
final class CachingStoreTx implements StoreTx {
    static final String NODE = "node";
    static final String AFFILIATIONS = "affiliations";
    static final String SUBSCRIPTIONS = "subscriptions";
    static final String ITEMS = "items";

    private final StoreTx db;
    private final RedisCache cache;
    private final int lastItems;
    /** Nodes this transaction wrote: invalidated when it ends. */
    private final Set<String> changed = new LinkedHashSet<>();
    /** Nodes this transaction wrote or locked: read from PostgreSQL. */
    private final Set<String> own = new LinkedHashSet<>();
    /** Set once the transaction locked or wrote rows of nodes not known in advance: everything from PostgreSQL. */
    private boolean uncached;
    /** Values this transaction read of nodes it has not touched, by node and part. */
    private final Map<String, Object> memo = new HashMap<>();
    /** Entries fetched from Redis (with the token they were found under), by node and part. */
    private final Map<String, Map<String, RedisCache.Lookup>> fetched = new HashMap<>();

    /**
     * Counts of a try without a transaction, held back until it succeeds: an abandoned try is run again in a
     * transaction, which counts its reads itself. Null when counting at once.
     */
    private final List<Consumer<CacheMetrics>> heldBack;

    CachingStoreTx(StoreTx db, RedisCache cache) {
        this(db, cache, false);
    }

    CachingStoreTx(StoreTx db, RedisCache cache, boolean trial) {
        this.db = db;
        this.cache = cache;
        this.heldBack = trial ? new ArrayList<>() : null;
        this.lastItems = Math.max(1, cache.config().lastItems());
    }

    private void count(Consumer<CacheMetrics> increment) {
        if (heldBack != null) heldBack.add(increment);
        else increment.accept(cache.metrics());
    }

    /** A try without a transaction answered (a value or a refusal): its reads count. */
    void counted() {
        if (heldBack != null) heldBack.forEach(c -> c.accept(cache.metrics()));
    }

    Set<String> changed() {
        return changed;
    }

    private void wrote(String nodeId) {
        changed.add(nodeId);
        own.add(nodeId);
    }

    private boolean cacheable(String nodeId) {
        return !uncached && !own.contains(nodeId);
    }

    /**
     * A read through the cache: the value this transaction already read (no second round trip, no second decoding),
     * the entry under the node's current token, or PostgreSQL's answer (written back under the token taken before
     * the read). Redis failing, slow or holding an undecodable entry: PostgreSQL.
     */
    @SuppressWarnings("unchecked")
    private <V> Uni<V> cached(String nodeId, String part, Supplier<Uni<V>> load, Function<V, String> encode,
                              Function<String, V> decode) {
        if (!cacheable(nodeId)) return load.get();
        String key = nodeId + '\u0000' + part;
        if (memo.containsKey(key)) return Uni.createFrom().item((V) memo.get(key));
        if (!cache.usable(nodeId)) {
            count(m -> m.bypass(part));
            return load.get();
        }
        return lookup(nodeId, part).chain(lookup -> {
            if (lookup == null) return load.get();
            if (lookup.value() != null) {
                V value = decodeOrNull(lookup, part, decode);
                if (value != null) {
                    count(m -> m.hit(part));
                    memo.put(key, value);
                    return Uni.createFrom().item(value);
                }
            }
            count(m -> m.miss(part));
            return load.get().invoke(v -> {
                if (!cacheable(nodeId)) return;
                memo.put(key, v);
                // nobody waits for the write: the reader has its answer (put logs and counts its own failures)
                cache.put(nodeId, lookup, part, encode.apply(v)).subscribe().with(ok -> { });
            });
        });
    }

    /**
     * The part's entry under the node's token. The small parts (node, affiliations, newest items) come together in
     * one round trip, as the reads of one request usually need all three; subscriber lists, which may be large, on
     * their own.
     */
    private Uni<RedisCache.Lookup> lookup(String nodeId, String part) {
        Map<String, RedisCache.Lookup> known = fetched.get(nodeId);
        if (known != null && known.containsKey(part)) return Uni.createFrom().item(known.get(part));
        List<String> parts = SUBSCRIPTIONS.equals(part) ? List.of(SUBSCRIPTIONS) : List.of(NODE, AFFILIATIONS, ITEMS);
        return cache.get(nodeId, parts).map(found -> {
            if (found == null) return null;
            fetched.computeIfAbsent(nodeId, k -> new HashMap<>()).putAll(found);
            return found.get(part);
        });
    }

    /** The entry decoded (once per token and text on this instance: RedisCache.decode), or null if it cannot be. */
    private <V> V decodeOrNull(RedisCache.Lookup found, String part, Function<String, V> decode) {
        try {
            return cache.decode(found, part, decode);
        } catch (RuntimeException e) { // written by another Herald version: a miss
            return null;
        }
    }

    // --- nodes

    @Override
    public Uni<Optional<Node>> findNode(String nodeId) {
        return cached(nodeId, NODE, () -> db.findNode(nodeId), CacheCodec::node, CacheCodec::node);
    }

    @Override
    public Uni<Optional<Node>> lockNode(String nodeId) {
        own.add(nodeId);
        return db.lockNode(nodeId);
    }

    @Override
    public Uni<Void> insertNode(Node node) {
        wrote(node.id());
        return db.insertNode(node);
    }

    @Override
    public Uni<Void> updateNodeConfig(String nodeId, NodeConfig config) {
        wrote(nodeId);
        return db.updateNodeConfig(nodeId, config);
    }

    @Override
    public Uni<Void> deleteNode(String nodeId) {
        // its parents and children list it (collection/children): their cached nodes change too
        return db.findNode(nodeId).chain(found -> {
            wrote(nodeId);
            found.ifPresent(n -> {
                n.config().collection().forEach(this::wrote);
                n.config().children().forEach(this::wrote);
            });
            return db.deleteNode(nodeId);
        });
    }

    @Override
    public Uni<List<Node>> nodes() {
        return db.nodes();
    }

    @Override
    public Uni<Void> lockGraph() {
        uncached = true; // the graph checks that follow must see the links as they stand under the lock
        return db.lockGraph();
    }

    @Override
    public Uni<Void> associate(String child, String collection) {
        wrote(child);
        wrote(collection);
        return db.associate(child, collection);
    }

    @Override
    public Uni<Boolean> dissociate(String child, String collection) {
        wrote(child);
        wrote(collection);
        return db.dissociate(child, collection);
    }

    @Override
    public Uni<List<Ancestor>> ancestors(String nodeId) {
        return db.ancestors(nodeId);
    }

    // --- affiliations

    @Override
    public Uni<Affiliation> affiliation(String nodeId, Jid bareJid) {
        if (!cacheable(nodeId)) return db.affiliation(nodeId, bareJid);
        Jid bare = bareJid.bare();
        return affiliations(nodeId).map(all -> all.stream().filter(a -> a.jid().equals(bare))
                .map(AffiliationEntry::affiliation).findFirst().orElse(Affiliation.NONE));
    }

    @Override
    public Uni<List<AffiliationEntry>> affiliations(String nodeId) {
        return cached(nodeId, AFFILIATIONS, () -> db.affiliations(nodeId), CacheCodec::affiliations, CacheCodec::affiliations);
    }

    @Override
    public Uni<List<AffiliationEntry>> affiliationsOf(Jid bareJid) {
        return db.affiliationsOf(bareJid);
    }

    @Override
    public Uni<Integer> countOwnedNodes(Jid bareJid) {
        return db.countOwnedNodes(bareJid);
    }

    @Override
    public Uni<Void> lockOwner(Jid bareJid) {
        uncached = true; // the count that follows must see the owner's nodes as they stand under the lock
        return db.lockOwner(bareJid);
    }

    @Override
    public Uni<Void> setAffiliation(String nodeId, Jid bareJid, Affiliation affiliation) {
        wrote(nodeId);
        return db.setAffiliation(nodeId, bareJid, affiliation);
    }

    // --- subscriptions

    @Override
    public Uni<List<Subscription>> subscriptions(String nodeId) {
        return cached(nodeId, SUBSCRIPTIONS, () -> db.subscriptions(nodeId), CacheCodec::subscriptions, CacheCodec::subscriptions);
    }

    @Override
    public Uni<List<Subscription>> subscriptionsOf(Jid bareJid, String nodeId) {
        if (nodeId == null || !cacheable(nodeId)) return db.subscriptionsOf(bareJid, nodeId);
        // the node's list in the same order (node, created, subId), narrowed to the account as PostgreSQL narrows it
        Jid bare = bareJid.bare();
        return subscriptions(nodeId).map(all -> all.stream().filter(s -> s.jid().bare().equals(bare)).toList());
    }

    @Override
    public Uni<Void> insertSubscription(Subscription subscription) {
        wrote(subscription.node());
        return db.insertSubscription(subscription);
    }

    @Override
    public Uni<Void> deleteSubscription(String nodeId, String subId) {
        wrote(nodeId);
        return db.deleteSubscription(nodeId, subId);
    }

    @Override
    public Uni<Void> updateSubscriptionOptions(String nodeId, String subId, SubscriptionOptions options, Instant now) {
        wrote(nodeId);
        return db.updateSubscriptionOptions(nodeId, subId, options, now);
    }

    @Override
    public Uni<List<DueDigest>> claimDueDigests(Instant now, int limit) {
        uncached = true;
        return db.claimDueDigests(now, limit);
    }

    @Override
    public Uni<Void> advanceDigest(String nodeId, String subId, long seq, Instant nextDue) {
        wrote(nodeId);
        return db.advanceDigest(nodeId, subId, seq, nextDue);
    }

    @Override
    public Uni<List<Subscription>> deleteExpiredSubscriptions(Instant now, int limit) {
        uncached = true;
        return db.deleteExpiredSubscriptions(now, limit).invoke(gone -> gone.forEach(s -> wrote(s.node())));
    }

    @Override
    public Uni<Void> setSubscriptionState(String nodeId, String subId, SubscriptionState state) {
        wrote(nodeId);
        return db.setSubscriptionState(nodeId, subId, state);
    }

    // --- items

    /** The node's newest items as cached, or read (and cached) when missing. */
    private Uni<LastItems> lastItems(String nodeId) {
        return cached(nodeId, ITEMS, () -> db.countItems(nodeId, all(0)).chain(count -> db.itemRange(nodeId, all(lastItems))
                .map(newest -> new LastItems(count, newest))), CacheCodec::lastItems, CacheCodec::lastItems);
    }

    private static ItemRange all(int limit) {
        return new ItemRange(null, null, null, null, null, false, limit, 0);
    }

    /** Answers from the node's newest items when they decide it, else from PostgreSQL. */
    private <V> Uni<V> fromLast(String nodeId, boolean worthAsking, Function<LastItems, Optional<V>> answer, Supplier<Uni<V>> load) {
        if (!worthAsking || !cacheable(nodeId)) return load.get();
        return lastItems(nodeId).chain(last -> answer.apply(last).map(v -> Uni.createFrom().item(v)).orElseGet(load));
    }

    @Override
    public Uni<List<Item>> items(String nodeId, int max) {
        return fromLast(nodeId, max <= lastItems, last -> last.items(max), () -> db.items(nodeId, max));
    }

    @Override
    public Uni<List<Item>> itemsById(String nodeId, List<String> itemIds) {
        return db.itemsById(nodeId, itemIds);
    }

    @Override
    public Uni<List<String>> itemIds(String nodeId, int max) {
        return fromLast(nodeId, max <= lastItems, last -> last.itemIds(max), () -> db.itemIds(nodeId, max));
    }

    @Override
    public Uni<Long> putItem(Item item) {
        wrote(item.node());
        return db.putItem(item);
    }

    @Override
    public Uni<List<String>> trimItems(String nodeId, long keep) {
        wrote(nodeId);
        return db.trimItems(nodeId, keep);
    }

    @Override
    public Uni<List<String>> deleteItems(String nodeId, List<String> itemIds) {
        wrote(nodeId);
        return db.deleteItems(nodeId, itemIds);
    }

    @Override
    public Uni<Void> purgeItems(String nodeId) {
        wrote(nodeId);
        return db.purgeItems(nodeId);
    }

    private static boolean bySeq(ItemRange r) {
        return r.notBefore() == null && r.notAfter() == null && r.publisher() == null;
    }

    @Override
    public Uni<List<StoredItem>> itemRange(String nodeId, ItemRange range) {
        return fromLast(nodeId, bySeq(range) && (long) range.offset() + range.limit() <= lastItems,
                last -> last.range(range), () -> db.itemRange(nodeId, range));
    }

    @Override
    public Uni<Long> countItems(String nodeId, ItemRange range) {
        return fromLast(nodeId, bySeq(range), last -> last.count(range), () -> db.countItems(nodeId, range));
    }

    @Override
    public Uni<Optional<Long>> itemSeq(String nodeId, String itemId) {
        return fromLast(nodeId, true, last -> last.seq(itemId), () -> db.itemSeq(nodeId, itemId));
    }

    @Override
    public Uni<Boolean> hasItemSeq(String nodeId, long seq) {
        return db.hasItemSeq(nodeId, seq);
    }

    @Override
    public Uni<Map<String, List<String>>> deleteExpiredItems(Instant now, int limit) {
        uncached = true;
        return db.deleteExpiredItems(now, limit).invoke(byNode -> byNode.keySet().forEach(this::wrote));
    }

    @Override
    public Uni<List<StoredItem>> itemsAfter(String nodeId, long afterSeq, int max) {
        return db.itemsAfter(nodeId, afterSeq, max);
    }

    // --- geolocation: served by geo/RedisGeoIndex's own Redis copy, not cached here

    @Override
    public Uni<Optional<Position>> latestPosition(String nodeId, String key) {
        return db.latestPosition(nodeId, key);
    }

    @Override
    public Uni<Void> putLatestPosition(String nodeId, Position position) {
        return db.putLatestPosition(nodeId, position);
    }

    @Override
    public Uni<Void> removeLatestPosition(String nodeId, String key) {
        return db.removeLatestPosition(nodeId, key);
    }

    @Override
    public Uni<Void> appendTrack(String nodeId, Position position, boolean jump) {
        return db.appendTrack(nodeId, position, jump);
    }

    @Override
    public Uni<List<Position>> latestPositions(String nodeId) {
        return db.latestPositions(nodeId);
    }

    @Override
    public Uni<List<Position>> track(String nodeId, String key, Instant from, Instant to, int limit) {
        return db.track(nodeId, key, from, to, limit);
    }

    @Override
    public Uni<List<NodePosition>> markStale(Instant now, int limit) {
        return db.markStale(now, limit);
    }

    @Override
    public Uni<Integer> forgetPositionsOf(String nodeId, List<String> itemIds) {
        return db.forgetPositionsOf(nodeId, itemIds);
    }

    @Override
    public Uni<Integer> pruneTracks(Instant keepSince, Instant now, int limit) {
        return db.pruneTracks(keepSince, now, limit);
    }
}
