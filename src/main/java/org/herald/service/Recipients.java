package org.herald.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.herald.domain.Ancestor;
import java.util.LinkedHashSet;
import java.util.Set;
import org.herald.domain.Affiliation;
import org.herald.domain.AffiliationEntry;
import org.herald.domain.Jid;
import org.herald.domain.NodeConfig;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionType;
import org.herald.domain.geo.Crossing;
import org.herald.domain.geo.GeoArea;
import org.herald.domain.geo.Position;
import org.herald.service.event.AreaMark;
import org.herald.service.event.Delivery;
import org.herald.service.geo.AreaFilter;

/**
 * Who is told about an event on a node, and how (XEP-0060 §13.3; XEP-0248 for subscribers of collections).
 * Notifications go per subscribed JID, full or bare as subscribed: a JID holding several subscriptions gets one
 * message, headed with the SubIDs it answers (§6.1.6, §13.16). Pending subscriptions get nothing (§4.2), nor do
 * subscriptions with pubsub#deliver off (§6.3) or whose lease has ended (§13.19) but which the sweeper has not
 * removed yet.
 */
final class Recipients {
    private Recipients() {
    }

    /**
     * The subscriptions held at one collection above the node where something happened, and how far below that
     * collection it happened ({@link Ancestor#depth()}: 1 for a child of the collection).
     */
    record Via(Ancestor collection, List<Subscription> subscriptions) {
    }

    /**
     * Node events (configuration, deletion): one delivery per JID, without SubID headers, which §13.16 leaves out
     * when the content does not differ by subscription.
     */
    static List<Delivery> of(NodeConfig config, List<Subscription> subscriptions) {
        if (!config.deliverNotifications()) return List.of();
        Map<Jid, Boolean> seen = new LinkedHashMap<>();
        for (Subscription s : subscriptions) {
            if (s.isActive() && s.options().deliver()) seen.put(s.jid(), true);
        }
        return seen.keySet().stream().map(Delivery::new).toList();
    }

    /**
     * §7.1.2: notifications of published items. Digest subscriptions (pubsub#digest) get the items later in their
     * digest instead, when the node keeps items to batch; a node that keeps none has nothing to batch from, so
     * they are notified at once. Subscribers of collections above the leaf follow (see {@link #throughCollections}).
     */
    static List<Delivery> ofPublish(NodeConfig leaf, List<Subscription> direct, List<Via> above,
                                    Predicate<Jid> mayReadLeaf, Instant now) {
        return ofPublish(leaf, direct, above, mayReadLeaf, now, AreaFilter.NONE);
    }

    /**
     * {@link #ofPublish}, with subscriptions that carry an area filter (herald#geo_area; §13 content-based pubsub)
     * told only as {@code areas} says, each with its mark ({@link Delivery#areas()}). A JID is told when one of its
     * subscriptions is; its SubID header names only those.
     */
    static List<Delivery> ofPublish(NodeConfig leaf, List<Subscription> direct, List<Via> above,
                                    Predicate<Jid> mayReadLeaf, Instant now, AreaFilter areas) {
        boolean batched = leaf.persistItems();
        List<Delivery> own = ofItems(leaf, direct, now, s -> !(batched && s.options().digest()), areas);
        return throughCollections(leaf, own, direct, above, SubscriptionType.ITEMS, mayReadLeaf, now, areas);
    }

    /**
     * A stale vehicle (herald#stale_after): the node's subscribers, each JID once; a subscription with an area
     * hears of it only when the vehicle's last position lies inside, marked {@link Crossing#INSIDE}. Not batched in
     * digests (it is no item) and not told through collections (staleness is the node's own index).
     */
    static List<Delivery> ofStale(NodeConfig config, List<Subscription> subscriptions, Position position, Instant now) {
        AreaFilter inside = area -> area.contains(position) ? Crossing.INSIDE : Crossing.OUTSIDE;
        return ofItems(config, subscriptions, now, s -> true, inside);
    }

    /**
     * §7.2.2: notifications of deleted items (retraction, expiry); they are not batched, as a
     * digest only carries items still there.
     */
    static List<Delivery> ofRetract(NodeConfig leaf, List<Subscription> direct, List<Via> above,
                                    Predicate<Jid> mayReadLeaf, Instant now) {
        List<Delivery> own = ofItems(leaf, direct, now, s -> true, AreaFilter.NONE);
        return throughCollections(leaf, own, direct, above, SubscriptionType.ITEMS, mayReadLeaf, now, AreaFilter.NONE);
    }

    /**
     * §8.5.2: the purge notification, a node event (no SubID headers, §13.16), told to the leaf's subscribers and
     * through collections like a retraction.
     */
    static List<Delivery> ofPurge(NodeConfig leaf, List<Subscription> direct, List<Via> above,
                                  Predicate<Jid> mayReadLeaf, Instant now) {
        List<Delivery> own = of(leaf, direct.stream().filter(s -> !s.options().expiredAt(now)).toList());
        return throughCollections(leaf, own, direct, above, SubscriptionType.ITEMS, mayReadLeaf, now, AreaFilter.NONE);
    }

    /**
     * Node notifications (a node associated with or dissociated from a collection, XEP-0248
     * §notify-associate-dissociate): the subscribers of type nodes of that collection and of the collections above
     * it that reach the changed node. Only those allowed to read the changed node learn of it, so association
     * discloses no node that discovery would hide.
     */
    static List<Delivery> ofNodes(NodeConfig collection, List<Via> collectionAndAbove, Predicate<Jid> mayReadNode,
                                  Instant now) {
        return throughCollections(collection, List.of(), List.of(), collectionAndAbove, SubscriptionType.NODES,
                mayReadNode, now, AreaFilter.NONE);
    }

    /**
     * The one delivery of a digest for {@code digest}, given every subscription of the node: with the SubID header
     * when the JID holds several subscriptions, and a body when any of them asks for one.
     */
    static Delivery ofDigest(Subscription digest, List<Subscription> subscriptions) {
        List<Subscription> sameJid = subscriptions.stream().filter(s -> s.jid().equals(digest.jid())).toList();
        boolean several = sameJid.size() > 1;
        return new Delivery(digest.jid(), several ? List.of(digest.subId()) : List.of(), wantsBody(sameJid));
    }

    private static List<Delivery> ofItems(NodeConfig config, List<Subscription> subscriptions, Instant now,
                                          Predicate<Subscription> immediate, AreaFilter areas) {
        if (!config.deliverNotifications()) return List.of();
        Map<Jid, List<Subscription>> all = new LinkedHashMap<>();
        Map<Jid, List<String>> matching = new LinkedHashMap<>();
        Map<Jid, List<AreaMark>> marks = new LinkedHashMap<>();
        for (Subscription s : subscriptions) {
            all.computeIfAbsent(s.jid(), j -> new ArrayList<>()).add(s);
            if (!wantsNow(s, now) || !immediate.test(s)) continue;
            Crossing crossing = crossing(s, areas);
            if (crossing == Crossing.OUTSIDE) continue;
            matching.computeIfAbsent(s.jid(), j -> new ArrayList<>()).add(s.subId());
            if (crossing != null) marks.computeIfAbsent(s.jid(), j -> new ArrayList<>()).add(new AreaMark(s.subId(), crossing));
        }
        List<Delivery> out = new ArrayList<>(matching.size());
        matching.forEach((jid, subIds) -> {
            List<Subscription> held = all.get(jid);
            out.add(new Delivery(jid, held.size() > 1 ? subIds : List.of(), null, wantsBody(held),
                    marks.getOrDefault(jid, List.of())));
        });
        return out;
    }

    /** How the event meets one subscription's area: null without an area filter or for an item with no place. */
    private static Crossing crossing(Subscription s, AreaFilter areas) {
        GeoArea area = s.options().area();
        return area == null ? null : areas.crossing(area);
    }

    /**
     * The subscribers of the collections above the node whose subscription is of {@code type} and reaches down to
     * it (XEP-0248 §subscribe: pubsub#subscription_type and pubsub#subscription_depth), after the node's own. The
     * node's delivery options decide (XEP-0248 §notify). A collection's subscriber is told only when allowed to
     * read the node itself ({@code mayRead}): XEP-0248 §security-access warns that a closed leaf under an open
     * collection would otherwise leak, and Herald does not let it.
     *
     * <p>Each JID is told once: by its own subscriptions to the node if it has any (even ones that are not told now,
     * such as digests, so a collection never bypasses a subscriber's own choice for the node), else through the
     * nearest collection, named in the delivery so the notification can carry the Collection SHIM header. A digest
     * subscription to a collection is told at once: its digest reads the collection's own items, and a
     * collection has none.
     */
    private static List<Delivery> throughCollections(NodeConfig deciding, List<Delivery> own, List<Subscription> direct,
                                                     List<Via> above, SubscriptionType type, Predicate<Jid> mayRead,
                                                     Instant now, AreaFilter areas) {
        if (!deciding.deliverNotifications()) return List.of();
        Map<Jid, Delivery> out = new LinkedHashMap<>();
        for (Delivery d : own) out.put(d.to(), d);
        List<Jid> heldDirectly = direct.stream().filter(Subscription::isActive).map(Subscription::jid).toList();
        List<Via> nearestFirst = above.stream()
                .sorted(Comparator.comparingInt((Via v) -> v.collection().depth()).thenComparing(v -> v.collection().nodeId()))
                .toList();
        for (Via via : nearestFirst) {
            for (Subscription s : via.subscriptions()) {
                if (!wantsNow(s, now) || out.containsKey(s.jid()) || heldDirectly.contains(s.jid())) continue;
                if (s.options().subscriptionType() != type) continue;
                if (s.options().subscriptionDepth() < via.collection().depth()) continue;
                if (!mayRead.test(s.jid())) continue;
                // an area filter on a collection subscription applies to the positions published below it
                Crossing crossing = crossing(s, areas);
                if (crossing == Crossing.OUTSIDE) continue;
                out.put(s.jid(), new Delivery(s.jid(), List.of(), via.collection().nodeId(), s.options().includeBody(),
                        crossing == null ? List.of() : List.of(new AreaMark(s.subId(), crossing))));
            }
        }
        return List.copyOf(out.values());
    }

    /** Active, delivering, and its lease has not ended. */
    private static boolean wantsNow(Subscription s, Instant now) {
        return s.isActive() && s.options().deliver() && !s.options().expiredAt(now);
    }

    /** §13.8: when some of a JID's subscriptions ask for a body and others not, all notifications carry one. */
    private static boolean wantsBody(List<Subscription> ofOneJid) {
        return ofOneJid.stream().anyMatch(s -> s.options().includeBody());
    }

    /** The node's owners, at their bare JIDs (§8.6 approval requests, pubsub#notify_sub). */
    static List<Delivery> owners(List<AffiliationEntry> affiliations) {
        return affiliations.stream().filter(a -> a.affiliation() == Affiliation.OWNER)
                .map(a -> new Delivery(a.jid().bare())).toList();
    }

    /** One delivery to each JID, in order, without repeats. */
    static List<Delivery> distinct(List<Delivery> deliveries) {
        Set<Jid> seen = new LinkedHashSet<>();
        for (Delivery d : deliveries) seen.add(d.to());
        return seen.stream().map(Delivery::new).toList();
    }
}
