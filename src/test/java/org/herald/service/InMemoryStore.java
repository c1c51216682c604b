package org.herald.service;

import io.smallrye.mutiny.Uni;
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
import org.herald.domain.Subscription;
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

        State copy() {
            State c = new State();
            c.nodes.putAll(nodes);
            affiliations.forEach((k, v) -> c.affiliations.put(k, new HashMap<>(v)));
            subscriptions.forEach((k, v) -> c.subscriptions.put(k, new LinkedHashMap<>(v)));
            items.forEach((k, v) -> c.items.put(k, new LinkedHashMap<>(v)));
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

    private record Tx(State s) implements StoreTx {
        private static <T> Uni<T> done(T v) {
            return Uni.createFrom().item(v);
        }

        private static Uni<Void> done() {
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Optional<Node>> findNode(String nodeId) {
            return done(Optional.ofNullable(s.nodes.get(nodeId)));
        }

        @Override
        public Uni<Optional<Node>> lockNode(String nodeId) {
            return findNode(nodeId);
        }

        @Override
        public Uni<Void> insertNode(Node node) {
            if (s.nodes.containsKey(node.id())) return Uni.createFrom().failure(PubSubException.of(PubSubError.CONFLICT));
            s.nodes.put(node.id(), node);
            return done();
        }

        @Override
        public Uni<Void> updateNodeConfig(String nodeId, NodeConfig config) {
            s.nodes.computeIfPresent(nodeId, (k, n) -> n.withConfig(config));
            return done();
        }

        @Override
        public Uni<Void> deleteNode(String nodeId) {
            s.nodes.remove(nodeId);
            s.affiliations.remove(nodeId);
            s.subscriptions.remove(nodeId);
            s.items.remove(nodeId);
            return done();
        }

        @Override
        public Uni<List<Node>> nodes() {
            return done(List.copyOf(s.nodes.values()));
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
            return done();
        }

        @Override
        public Uni<Void> deleteSubscription(String nodeId, String subId) {
            s.subscriptions.getOrDefault(nodeId, new LinkedHashMap<>()).remove(subId);
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
        public Uni<Void> putItem(Item item) {
            LinkedHashMap<String, Item> m = items(item.node());
            m.remove(item.id()); // a re-published id becomes the newest
            m.put(item.id(), item);
            return done();
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
            return done();
        }
    }

}
