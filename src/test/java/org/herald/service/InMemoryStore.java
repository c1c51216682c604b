package org.herald.service;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.herald.domain.Affiliation;
import org.herald.domain.AffiliationEntry;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.NodeConfig;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.StoredItem;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionOptions;
import org.herald.domain.geo.NodePosition;
import org.herald.domain.geo.Position;
import org.herald.service.port.DueDigest;
import org.herald.service.port.ItemRange;
import org.herald.domain.SubscriptionState;
import org.herald.service.port.PubSubStore;
import org.herald.service.port.StoreTx;

/**
 * The store port in memory, for the core's unit tests. A transaction works on a copy of the state that replaces
 * the committed state only when the work succeeds, so rollback behaves as in PostgreSQL. Transactions run one at a
 * time (the work is synchronous here).
 */
final class InMemoryStore implements PubSubStore {

    private static final class State {
        final Map<String, Node> nodes = new TreeMap<>();
        final Map<String, Map<Jid, Affiliation>> affiliations = new HashMap<>();
        final Map<String, Map<String, Subscription>> subscriptions = new HashMap<>();
        /** node → item id → item, in publication order (oldest first). */
        final Map<String, LinkedHashMap<String, Item>> items = new HashMap<>();
        /** child → its collections (XEP-0248 node graph). */
        final Map<String, java.util.TreeSet<String>> parents = new HashMap<>();
        /** node → item id → publication sequence number (as the database's item_seq: never reused). */
        final Map<String, Map<String, Long>> seqs = new HashMap<>();
        long nextSeq = 1;
        /** node + '/' + SubID → digest cursor. */
        final Map<String, Cursor> cursors = new HashMap<>();
        /** node → key → latest position (the geo_latest index). */
        final Map<String, TreeMap<String, Position>> latest = new HashMap<>();
        /** node → every appended track point, in append order (Positions are immutable: shared between copies). */
        final Map<String, List<Position>> tracks = new HashMap<>();

        State copy() {
            State c = new State();
            latest.forEach((k, v) -> c.latest.put(k, new TreeMap<>(v)));
            tracks.forEach((k, v) -> c.tracks.put(k, new ArrayList<>(v)));
            c.cursors.putAll(cursors);
            c.nodes.putAll(nodes);
            affiliations.forEach((k, v) -> c.affiliations.put(k, new HashMap<>(v)));
            subscriptions.forEach((k, v) -> c.subscriptions.put(k, new LinkedHashMap<>(v)));
            items.forEach((k, v) -> c.items.put(k, new LinkedHashMap<>(v)));
            parents.forEach((k, v) -> c.parents.put(k, new java.util.TreeSet<>(v)));
            seqs.forEach((k, v) -> c.seqs.put(k, new HashMap<>(v)));
            c.nextSeq = nextSeq;
            return c;
        }
    }

    private State committed = new State();

    @Override
    public synchronized <T> Uni<T> inTransaction(Function<StoreTx, Uni<T>> work) {
        State working = committed.copy();
        try {
            T result = work.apply(new Tx(working)).await().indefinitely();
            committed = working;
            return Uni.createFrom().item(result);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    synchronized int itemCount(String node) {
        return committed.items.getOrDefault(node, new LinkedHashMap<>()).size();
    }

    private record Cursor(long seq, Instant due) {
    }

    private record Tx(State s) implements StoreTx {
        private static <T> Uni<T> done(T v) {
            return Uni.createFrom().item(v);
        }

        private static Uni<Void> done() {
            return Uni.createFrom().voidItem();
        }

        /** The node with its place in the graph, as the store port promises. */
        private Node withLinks(Node n) {
            List<String> collection = List.copyOf(s.parents.getOrDefault(n.id(), new java.util.TreeSet<>()));
            List<String> children = s.parents.entrySet().stream().filter(e -> e.getValue().contains(n.id()))
                    .map(Map.Entry::getKey).sorted().toList();
            return n.withConfig(n.config().with().collection(collection).children(children).build());
        }

        @Override
        public Uni<Optional<Node>> findNode(String nodeId) {
            return done(Optional.ofNullable(s.nodes.get(nodeId)).map(this::withLinks));
        }

        @Override
        public Uni<Optional<Node>> lockNode(String nodeId) {
            return findNode(nodeId);
        }

        @Override
        public Uni<Void> insertNode(Node node) {
            if (s.nodes.containsKey(node.id())) return Uni.createFrom().failure(PubSubException.of(PubSubError.CONFLICT));
            s.nodes.put(node.id(), node.withConfig(node.config().with().collection(List.of()).children(List.of()).build()));
            return done();
        }

        @Override
        public Uni<Integer> countOwnedNodes(Jid bareJid) {
            int n = 0;
            for (Map<Jid, Affiliation> m : s.affiliations.values()) {
                if (m.get(bareJid) == Affiliation.OWNER) n++;
            }
            return done(n);
        }

        @Override
        public Uni<Void> lockOwner(Jid bareJid) {
            return done(); // transactions run one at a time here
        }

        @Override
        public Uni<Void> lockGraph() {
            return done(); // transactions run one at a time here
        }

        @Override
        public Uni<Void> associate(String child, String collection) {
            if (!s.nodes.containsKey(child) || !s.nodes.containsKey(collection)) {
                return Uni.createFrom().failure(new IllegalStateException("linking a missing node"));
            }
            s.parents.computeIfAbsent(child, k -> new java.util.TreeSet<>()).add(collection);
            return done();
        }

        @Override
        public Uni<Boolean> dissociate(String child, String collection) {
            return done(s.parents.getOrDefault(child, new java.util.TreeSet<>()).remove(collection));
        }

        @Override
        public Uni<List<org.herald.domain.Ancestor>> ancestors(String nodeId) {
            // breadth-first: the first time a collection is reached is its shortest distance
            Map<String, Integer> depth = new LinkedHashMap<>();
            List<String> level = List.of(nodeId);
            for (int d = 1; !level.isEmpty(); d++) {
                List<String> next = new ArrayList<>();
                for (String n : level) {
                    for (String p : s.parents.getOrDefault(n, new java.util.TreeSet<>())) {
                        if (!depth.containsKey(p)) {
                            depth.put(p, d);
                            next.add(p);
                        }
                    }
                }
                level = next;
            }
            return done(depth.entrySet().stream().map(e -> new org.herald.domain.Ancestor(e.getKey(), e.getValue()))
                    .sorted(java.util.Comparator.comparingInt(org.herald.domain.Ancestor::depth)
                            .thenComparing(org.herald.domain.Ancestor::nodeId))
                    .toList());
        }

        @Override
        public Uni<Void> updateNodeConfig(String nodeId, NodeConfig config) {
            // the graph lives in the links: the stored config keeps no lists of its own
            s.nodes.computeIfPresent(nodeId, (k, n) -> n.withConfig(config.with().collection(List.of()).children(List.of()).build()));
            return done();
        }

        @Override
        public Uni<Void> deleteNode(String nodeId) {
            s.nodes.remove(nodeId);
            s.parents.remove(nodeId);
            s.parents.values().forEach(p -> p.remove(nodeId));
            s.affiliations.remove(nodeId);
            s.subscriptions.remove(nodeId);
            s.items.remove(nodeId);
            s.latest.remove(nodeId);
            s.tracks.remove(nodeId);
            return done();
        }

        @Override
        public Uni<List<Node>> nodes() {
            return done(s.nodes.values().stream().map(this::withLinks).toList());
        }

        @Override
        public Uni<Affiliation> affiliation(String nodeId, Jid bareJid) {
            return done(s.affiliations.getOrDefault(nodeId, Map.of()).getOrDefault(bareJid, Affiliation.NONE));
        }

        @Override
        public Uni<List<AffiliationEntry>> affiliations(String nodeId) {
            List<AffiliationEntry> out = new ArrayList<>();
            s.affiliations.getOrDefault(nodeId, Map.of()).forEach((j, a) -> out.add(new AffiliationEntry(nodeId, j, a)));
            return done(out);
        }

        @Override
        public Uni<List<AffiliationEntry>> affiliationsOf(Jid bareJid) {
            List<AffiliationEntry> out = new ArrayList<>();
            s.affiliations.forEach((node, m) -> {
                Affiliation a = m.get(bareJid);
                if (a != null) out.add(new AffiliationEntry(node, bareJid, a));
            });
            return done(out);
        }

        @Override
        public Uni<Void> setAffiliation(String nodeId, Jid bareJid, Affiliation affiliation) {
            Map<Jid, Affiliation> m = s.affiliations.computeIfAbsent(nodeId, k -> new HashMap<>());
            if (affiliation == Affiliation.NONE) m.remove(bareJid);
            else m.put(bareJid, affiliation);
            return done();
        }

        @Override
        public Uni<List<Subscription>> subscriptions(String nodeId) {
            return done(List.copyOf(s.subscriptions.getOrDefault(nodeId, new LinkedHashMap<>()).values()));
        }

        @Override
        public Uni<List<Subscription>> subscriptionsOf(Jid bareJid, String nodeId) {
            List<Subscription> out = new ArrayList<>();
            s.subscriptions.forEach((node, m) -> {
                if (nodeId != null && !nodeId.equals(node)) return;
                m.values().stream().filter(x -> x.jid().bare().equals(bareJid)).forEach(out::add);
            });
            return done(out);
        }

        @Override
        public Uni<Void> insertSubscription(Subscription subscription) {
            s.subscriptions.computeIfAbsent(subscription.node(), k -> new LinkedHashMap<>()).put(subscription.subId(), subscription);
            SubscriptionOptions o = subscription.options();
            if (o.digest()) {
                s.cursors.put(key(subscription.node(), subscription.subId()),
                        new Cursor(newestSeq(subscription.node()), subscription.created().plusMillis(o.digestFrequencyMillis())));
            }
            return done();
        }

        @Override
        public Uni<Void> updateSubscriptionOptions(String nodeId, String subId, SubscriptionOptions options, Instant now) {
            Subscription old = s.subscriptions.get(nodeId).get(subId);
            s.subscriptions.get(nodeId).put(subId, old.withOptions(options));
            Instant due = now.plusMillis(options.digestFrequencyMillis());
            String k = key(nodeId, subId);
            if (!options.digest()) s.cursors.remove(k);
            else if (!old.options().digest()) s.cursors.put(k, new Cursor(newestSeq(nodeId), due));
            else s.cursors.put(k, new Cursor(s.cursors.get(k).seq(), due.isBefore(s.cursors.get(k).due()) ? due : s.cursors.get(k).due()));
            return done();
        }

        @Override
        public Uni<List<DueDigest>> claimDueDigests(Instant now, int limit) {
            List<DueDigest> out = new ArrayList<>();
            s.subscriptions.forEach((node, m) -> m.values().forEach(sub -> {
                Cursor c = s.cursors.get(key(node, sub.subId()));
                if (c != null && !c.due().isAfter(now) && out.size() < limit) out.add(new DueDigest(sub, c.seq()));
            }));
            return done(out);
        }

        @Override
        public Uni<Void> advanceDigest(String nodeId, String subId, long seq, Instant nextDue) {
            s.cursors.put(key(nodeId, subId), new Cursor(seq, nextDue));
            return done();
        }

        @Override
        public Uni<List<Subscription>> deleteExpiredSubscriptions(Instant now, int limit) {
            List<Subscription> gone = new ArrayList<>();
            s.subscriptions.forEach((node, m) -> m.values().stream()
                    .filter(sub -> sub.options().expiredAt(now)).limit(limit - gone.size()).forEach(gone::add));
            gone.forEach(sub -> deleteSubscription(sub.node(), sub.subId()));
            return done(gone);
        }

        @Override
        public Uni<List<StoredItem>> itemsAfter(String nodeId, long afterSeq, int max) {
            return done(items(nodeId).values().stream()
                    .map(i -> new StoredItem(s.seqs.get(nodeId).get(i.id()), i))
                    .filter(i -> i.seq() > afterSeq).limit(max).toList());
        }

        private long newestSeq(String nodeId) {
            return items(nodeId).keySet().stream().mapToLong(id -> s.seqs.get(nodeId).get(id)).max().orElse(0);
        }

        private static String key(String nodeId, String id) {
            return nodeId + "/" + id;
        }

        @Override
        public Uni<Void> deleteSubscription(String nodeId, String subId) {
            s.subscriptions.getOrDefault(nodeId, new LinkedHashMap<>()).remove(subId);
            s.cursors.remove(key(nodeId, subId));
            return done();
        }

        @Override
        public Uni<Void> setSubscriptionState(String nodeId, String subId, SubscriptionState state) {
            s.subscriptions.getOrDefault(nodeId, new LinkedHashMap<>()).computeIfPresent(subId, (k, x) -> x.withState(state));
            return done();
        }

        private LinkedHashMap<String, Item> items(String nodeId) {
            return s.items.computeIfAbsent(nodeId, k -> new LinkedHashMap<>());
        }

        @Override
        public Uni<List<Item>> items(String nodeId, int max) {
            List<Item> all = new ArrayList<>(items(nodeId).values());
            java.util.Collections.reverse(all);
            return done(List.copyOf(all.subList(0, Math.min(max, all.size()))));
        }

        @Override
        public Uni<List<Item>> itemsById(String nodeId, List<String> itemIds) {
            return done(itemIds.stream().distinct().map(items(nodeId)::get).filter(java.util.Objects::nonNull).toList());
        }

        @Override
        public Uni<List<String>> itemIds(String nodeId, int max) {
            return items(nodeId, max).map(list -> list.stream().map(Item::id).toList());
        }

        @Override
        public Uni<Long> putItem(Item item) {
            LinkedHashMap<String, Item> m = items(item.node());
            m.remove(item.id()); // a re-published id becomes the newest
            m.put(item.id(), item);
            long seq = s.nextSeq++;
            s.seqs.computeIfAbsent(item.node(), k -> new HashMap<>()).put(item.id(), seq);
            return done(seq);
        }

        @Override
        public Uni<List<String>> trimItems(String nodeId, long keep) {
            LinkedHashMap<String, Item> m = items(nodeId);
            List<String> gone = new ArrayList<>();
            var it = m.keySet().iterator();
            while (m.size() - gone.size() > keep && it.hasNext()) gone.add(it.next());
            gone.forEach(m::remove);
            return done(gone);
        }

        @Override
        public Uni<List<String>> deleteItems(String nodeId, List<String> itemIds) {
            LinkedHashMap<String, Item> m = items(nodeId);
            return done(itemIds.stream().distinct().filter(id -> m.remove(id) != null).toList());
        }

        @Override
        public Uni<Void> purgeItems(String nodeId) {
            items(nodeId).clear();
            s.latest.remove(nodeId);
            s.tracks.remove(nodeId);
            return done();
        }
    
        private List<StoredItem> stored(String nodeId) {
            Map<String, Long> seq = s.seqs.getOrDefault(nodeId, Map.of());
            return items(nodeId).values().stream().map(i -> new StoredItem(seq.get(i.id()), i))
                    .sorted(java.util.Comparator.comparingLong(StoredItem::seq)).toList();
        }

        private static boolean inside(StoredItem i, ItemRange r) {
            Item item = i.item();
            return (r.notBefore() == null || !item.published().isBefore(r.notBefore()))
                    && (r.notAfter() == null || !item.published().isAfter(r.notAfter()))
                    && (r.seqAbove() == null || i.seq() > r.seqAbove())
                    && (r.seqBelow() == null || i.seq() < r.seqBelow())
                    && (r.publisher() == null || (r.publisher().resource() == null
                            ? item.publisher().bare().equals(r.publisher()) : item.publisher().equals(r.publisher())));
        }

        @Override
        public Uni<List<StoredItem>> itemRange(String nodeId, ItemRange range) {
            List<StoredItem> all = new ArrayList<>(stored(nodeId).stream().filter(i -> inside(i, range)).toList());
            if (!range.ascending()) java.util.Collections.reverse(all);
            return done(all.stream().skip(range.offset()).limit(range.limit()).toList());
        }

        @Override
        public Uni<Long> countItems(String nodeId, ItemRange range) {
            return done(stored(nodeId).stream().filter(i -> inside(i, range)).count());
        }

        @Override
        public Uni<Optional<Long>> itemSeq(String nodeId, String itemId) {
            return done(items(nodeId).containsKey(itemId)
                    ? Optional.of(s.seqs.get(nodeId).get(itemId)) : Optional.empty());
        }

        @Override
        public Uni<Boolean> hasItemSeq(String nodeId, long seq) {
            return done(stored(nodeId).stream().anyMatch(i -> i.seq() == seq));
        }

        @Override
        public Uni<Map<String, List<String>>> deleteExpiredItems(Instant now, int limit) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            int left = limit;
            for (Node node : s.nodes.values()) {
                if (node.config().itemExpire() == null) continue;
                Instant cutoff = now.minus(node.config().itemExpire());
                for (Item i : List.copyOf(items(node.id()).values())) {
                    if (left == 0) return done(out);
                    if (!i.published().isAfter(cutoff)) {
                        items(node.id()).remove(i.id());
                        out.computeIfAbsent(node.id(), k -> new ArrayList<>()).add(i.id());
                        left--;
                    }
                }
            }
            return done(out);
        }
    
        // --- geolocation: as GeoStatements does it (no row locks needed: transactions run one at a time here)

        @Override
        public Uni<Optional<Position>> latestPosition(String nodeId, String key) {
            return done(Optional.ofNullable(s.latest.getOrDefault(nodeId, new TreeMap<>()).get(key)));
        }

        @Override
        public Uni<Void> putLatestPosition(String nodeId, Position position) {
            s.latest.computeIfAbsent(nodeId, k -> new TreeMap<>()).put(position.key(), position);
            return done();
        }

        @Override
        public Uni<Void> removeLatestPosition(String nodeId, String key) {
            TreeMap<String, Position> m = s.latest.get(nodeId);
            if (m != null) m.remove(key);
            return done();
        }

        @Override
        public Uni<Void> appendTrack(String nodeId, Position position, boolean jump) {
            s.tracks.computeIfAbsent(nodeId, k -> new ArrayList<>()).add(position.asStale(false));
            return done();
        }

        @Override
        public Uni<List<Position>> latestPositions(String nodeId) {
            return done(List.copyOf(s.latest.getOrDefault(nodeId, new TreeMap<>()).values()));
        }

        @Override
        public Uni<List<Position>> track(String nodeId, String key, Instant from, Instant to, int limit) {
            return done(s.tracks.getOrDefault(nodeId, List.of()).stream()
                    .filter(p -> p.key().equals(key))
                    .filter(p -> from == null || !p.fixTime().isBefore(from))
                    .filter(p -> to == null || !p.fixTime().isAfter(to))
                    .sorted(java.util.Comparator.comparing(Position::fixTime).thenComparingLong(Position::seq))
                    .limit(Math.max(0, limit))
                    .toList());
        }

        @Override
        public Uni<Integer> forgetPositionsOf(String nodeId, List<String> itemIds) {
            TreeMap<String, Position> index = s.latest.getOrDefault(nodeId, new TreeMap<>());
            int before = index.size();
            index.values().removeIf(p -> itemIds.contains(p.itemId()));
            return done(before - index.size());
        }

        @Override
        public Uni<Integer> pruneTracks(Instant keepSince, Instant now, int limit) {
            int gone = 0;
            for (var e : s.tracks.entrySet()) {
                Node node = s.nodes.get(e.getKey());
                java.time.Duration expire = node == null ? null : node.config().itemExpire();
                for (var it = e.getValue().iterator(); it.hasNext() && gone < limit; ) {
                    Position p = it.next();
                    if (p.received().isBefore(keepSince) || (expire != null && !p.received().isAfter(now.minus(expire)))) {
                        it.remove();
                        gone++;
                    }
                }
            }
            return done(gone);
        }

        @Override
        public Uni<List<NodePosition>> markStale(Instant now, int limit) {
            List<NodePosition> due = new ArrayList<>();
            for (Node node : s.nodes.values()) {
                java.time.Duration after = node.config().geo().staleAfter();
                if (after == null) continue;
                for (Position p : s.latest.getOrDefault(node.id(), new TreeMap<>()).values()) {
                    if (!p.stale() && !p.received().plus(after).isAfter(now)) due.add(new NodePosition(node.id(), p));
                }
            }
            List<NodePosition> out = due.stream()
                    .sorted(java.util.Comparator.comparing(np -> np.position().received()))
                    .limit(Math.max(0, limit))
                    .map(np -> new NodePosition(np.node(), np.position().asStale(true)))
                    .toList();
            out.forEach(np -> s.latest.get(np.node()).put(np.position().key(), np.position()));
            return done(out);
        }
    }
}
