package org.herald.service;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.herald.domain.Ancestor;
import org.herald.domain.Jid;
import org.herald.domain.NodeConfig;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionType;
import org.herald.service.event.Delivery;

/** Who is told about an event on a node (XEP-0060 §13.3; XEP-0248 for subscribers of collections). */
final class Recipients {
    private Recipients() {
    }

    /**
     * The subscriptions held at one collection above the node where something happened, and how far below that
     * collection it happened ({@link Ancestor#depth()}: 1 for a child of the collection).
     */
    record Via(Ancestor collection, List<Subscription> subscriptions) {
    }

    /** One delivery per JID with an active subscription; pending subscriptions get nothing (§4.2). */
    static List<Delivery> of(NodeConfig config, List<Subscription> subscriptions) {
        if (!config.deliverNotifications()) return List.of();
        Set<Jid> seen = new LinkedHashSet<>();
        for (Subscription s : subscriptions) {
            if (s.isActive()) seen.add(s.jid());
        }
        return seen.stream().map(Delivery::new).toList();
    }

    /**
     * Item notifications of a leaf (publish, retract, purge): its own subscribers, then the subscribers of the
     * collections above it whose subscription is of type items and reaches down to the leaf (XEP-0248 §subscribe:
     * pubsub#subscription_type and pubsub#subscription_depth). The leaf's delivery options decide
     * (XEP-0248 §notify). A collection's subscriber is told only when allowed to read the leaf itself
     * ({@code mayReadLeaf}): XEP-0248 §security-access warns that a closed leaf under an open collection would
     * otherwise leak, and Herald does not let it.
     *
     * <p>Each JID is told once: by its own subscription to the leaf if it has one, else through the nearest
     * collection, named in the delivery so the notification can carry the Collection SHIM header.
     */
    static List<Delivery> ofItems(NodeConfig leaf, List<Subscription> direct, List<Via> above,
                                  Predicate<Jid> mayReadLeaf) {
        return throughCollections(leaf, direct, above, SubscriptionType.ITEMS, mayReadLeaf);
    }

    /**
     * Node notifications (a node associated with or dissociated from a collection, XEP-0248
     * §notify-associate-dissociate): the subscribers of type nodes of that collection and of the collections above
     * it that reach the changed node. Only those allowed to read the changed node learn of it, so association
     * discloses no node that discovery would hide.
     */
    static List<Delivery> ofNodes(NodeConfig collection, List<Via> collectionAndAbove, Predicate<Jid> mayReadNode) {
        return throughCollections(collection, List.of(), collectionAndAbove, SubscriptionType.NODES, mayReadNode);
    }

    private static List<Delivery> throughCollections(NodeConfig deciding, List<Subscription> direct, List<Via> above,
                                                     SubscriptionType type, Predicate<Jid> mayRead) {
        if (!deciding.deliverNotifications()) return List.of();
        Map<Jid, Delivery> out = new LinkedHashMap<>();
        for (Delivery d : of(deciding, direct)) out.put(d.to(), d);
        List<Via> nearestFirst = above.stream()
                .sorted(Comparator.comparingInt((Via v) -> v.collection().depth()).thenComparing(v -> v.collection().nodeId()))
                .toList();
        for (Via via : nearestFirst) {
            for (Subscription s : via.subscriptions()) {
                if (!s.isActive() || out.containsKey(s.jid())) continue;
                if (s.options().subscriptionType() != type) continue;
                if (s.options().subscriptionDepth() < via.collection().depth()) continue;
                if (!mayRead.test(s.jid())) continue;
                out.put(s.jid(), new Delivery(s.jid(), List.of(), via.collection().nodeId()));
            }
        }
        return List.copyOf(out.values());
    }
}
