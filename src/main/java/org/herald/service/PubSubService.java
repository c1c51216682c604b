package org.herald.service;

import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.herald.domain.AccessModel;
import org.herald.domain.AccessPolicy;
import org.herald.domain.Action;
import org.herald.domain.Affiliation;
import org.herald.domain.AffiliationEntry;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.NodeConfig;
import org.herald.domain.Permissions;
import org.herald.domain.PublishModel;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionChange;
import org.herald.domain.SubscriptionState;
import org.herald.service.config.NodeConfigForm;
import org.herald.service.event.AffiliationChanged;
import org.herald.service.event.AuthorizationRequested;
import org.herald.service.event.Delivery;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.ItemsRetracted;
import org.herald.service.event.NodeConfigured;
import org.herald.service.event.NodeDeleted;
import org.herald.service.event.NodePurged;
import org.herald.service.event.PubSubEvent;
import org.herald.service.event.SubscriptionChanged;
import org.herald.service.port.EventSink;
import org.herald.service.port.PubSubStore;
import org.herald.service.port.StoreTx;

/**
 * The XEP-0060 use cases, one method each, shared by every front-end so that each rule lives here once.
 *
 * <p>Every method follows one template: authorise → load → validate → persist in one transaction → emit the
 * event after commit. {@code actor} is the requesting entity's full or bare JID as the front-end authenticated it.
 * Refusals fail the Uni with a {@link PubSubException}.
 */
public final class PubSubService {

    /** RFC 7622 allows 1023 octets per JID part; a NodeID or ItemID beyond that is surely a mistake or an attack. */
    static final int MAX_ID_LENGTH = 1023;

    private static final System.Logger LOG = System.getLogger(PubSubService.class.getName());

    private final PubSubStore store;
    private final EventSink events;
    private final ServiceSettings settings;
    private final NodeConfigForm configForm;
    private final Clock clock;
    private final Supplier<String> ids;

    public PubSubService(PubSubStore store, EventSink events, ServiceSettings settings, Clock clock, Supplier<String> ids) {
        this.store = store;
        this.events = events;
        this.settings = settings;
        this.configForm = new NodeConfigForm(settings.limits());
        this.clock = clock;
        this.ids = ids;
    }

    public NodeConfigForm configForm() {
        return configForm;
    }

    // ------------------------------------------------------------------ owner use cases (§8)

    /**
     * §8.1: create a node, named or instant (nodeId null, §8.1.2), optionally with a configuration form (§8.1.3).
     * The creator becomes its owner.
     */
    public Uni<Node> create(Jid actor, String nodeId, Map<String, List<String>> config) {
        return Uni.createFrom().deferred(() -> {
            if (!settings.mayCreate(actor)) {
                throw PubSubException.of(PubSubError.FORBIDDEN, "node creation is not open to your domain"); // §8.1.3.2
            }
            String id = nodeId == null ? ids.get() : checkId(nodeId, PubSubError.NODEID_REQUIRED);
            // §8.1.3: the form is validated before anything is stored; a bad field refuses the whole creation.
            NodeConfig cfg = config == null ? settings.defaults() : configForm.apply(settings.defaults(), config);
            Node node = new Node(id, cfg, actor.bare(), clock.instant());
            return transact(tx -> tx.insertNode(node)
                    .chain(() -> tx.setAffiliation(id, actor.bare(), Affiliation.OWNER))
                    .map(v -> Outcome.quiet(node)));
        });
    }

    /** §8.2.1: the owner asks for the node's configuration. */
    public Uni<Node> configuration(Jid actor, String nodeId) {
        return transact(tx -> requireNode(tx, nodeId)
                .call(node -> require(tx, node, actor, Action.CONFIGURE))
                .map(Outcome::quiet));
    }

    /** §8.3: the default configuration of a new leaf node. */
    public NodeConfig defaultConfiguration() {
        return settings.defaults();
    }

    /** §8.2.4: the owner submits a configuration form; fields left out keep their value. */
    public Uni<Node> configure(Jid actor, String nodeId, Map<String, List<String>> form) {
        return transact(tx -> lockNode(tx, nodeId)
                .call(node -> require(tx, node, actor, Action.CONFIGURE))
                .chain(node -> {
                    Node changed = node.withConfig(configForm.apply(node.config(), form));
                    return tx.updateNodeConfig(nodeId, changed.config())
                            .chain(() -> closeToStrangers(tx, node, changed))
                            .chain(() -> tx.subscriptions(nodeId))
                            .map(subs -> new Outcome<>(changed, changed.config().notifyConfig()
                                    // §8.2.5.4: payload-carrying nodes get the form, others an empty element.
                                    ? new NodeConfigured(changed, changed.config().deliverPayloads(),
                                            Recipients.of(changed.config(), subs))
                                    : null));
                }));
    }

    /** §8.4: the owner deletes a node; subscribers hear of it when notify_delete is on (§8.4.2). */
    public Uni<Void> delete(Jid actor, String nodeId, String redirect) {
        return transact(tx -> lockNode(tx, nodeId)
                .call(node -> require(tx, node, actor, Action.DELETE))
                .chain(node -> tx.subscriptions(nodeId)
                        .call(subs -> tx.deleteNode(nodeId))
                        .map(subs -> new Outcome<Void>(null, node.config().notifyDelete()
                                ? new NodeDeleted(node, redirect, Recipients.of(node.config(), subs))
                                : null))));
    }

    /** §8.5: remove every item of a node. */
    public Uni<Void> purge(Jid actor, String nodeId) {
        return transact(tx -> lockNode(tx, nodeId)
                .call(node -> require(tx, node, actor, Action.PURGE))
                .chain(node -> {
                    if (!node.config().persistItems()) throw PubSubException.unsupported("persistent-items"); // §8.5.3.3
                    return tx.purgeItems(nodeId)
                            .chain(() -> tx.subscriptions(nodeId))
                            // §8.5.2: one purge notification, when the node notifies item deletion.
                            .map(subs -> new Outcome<Void>(null, node.config().notifyRetract()
                                    ? new NodePurged(node, Recipients.of(node.config(), subs))
                                    : null));
                }));
    }

    /** §8.9.1: the owner lists the node's affiliations. */
    public Uni<List<AffiliationEntry>> affiliations(Jid actor, String nodeId) {
        return transact(tx -> requireNode(tx, nodeId)
                .call(node -> require(tx, node, actor, Action.MANAGE_AFFILIATIONS))
                .chain(node -> tx.affiliations(nodeId))
                .map(Outcome::quiet));
    }

    /**
     * §8.9.2: the owner changes affiliations. All changes apply or none (§8.9.2.4). Whoever may no longer hold a
     * subscription (outcasts, strangers to a whitelist) loses it, pending requests included; a pending request of
     * someone who now reads by affiliation is approved (§8.7.4 note). Each entity whose affiliation changed is told
     * (§8.9.4), and each whose subscription changed too (§13.14).
     */
    public Uni<Void> modifyAffiliations(Jid actor, String nodeId, Map<Jid, Affiliation> changes) {
        return transact(tx -> lockNode(tx, nodeId)
                .call(node -> require(tx, node, actor, Action.MANAGE_AFFILIATIONS))
                .chain(node -> tx.affiliations(nodeId).chain(current -> {
                    long owners = current.stream().filter(a -> a.affiliation() == Affiliation.OWNER
                            && !changes.containsKey(a.jid())).count()
                            + changes.values().stream().filter(a -> a == Affiliation.OWNER).count();
                    if (owners == 0) {
                        throw PubSubException.of(PubSubError.NOT_ACCEPTABLE, "a node must keep at least one owner");
                    }
                    Map<Jid, Affiliation> before = new HashMap<>();
                    current.forEach(a -> before.put(a.jid(), a.affiliation()));
                    List<PubSubEvent> told = new ArrayList<>();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Map.Entry<Jid, Affiliation> c : changes.entrySet()) {
                        Jid bare = c.getKey().bare();
                        Affiliation a = c.getValue();
                        chain = chain.chain(() -> tx.setAffiliation(nodeId, bare, a))
                                .chain(() -> followAffiliation(tx, node, bare, a, current, told));
                        if (before.getOrDefault(bare, Affiliation.NONE) != a) {
                            told.add(new AffiliationChanged(node, bare, a, List.of(new Delivery(bare))));
                        }
                    }
                    return chain.map(v -> Outcome.<Void>of(null, told));
                })));
    }

    /** A changed affiliation carries the entity's subscriptions along (see {@link #modifyAffiliations}). */
    private Uni<Void> followAffiliation(StoreTx tx, Node node, Jid bare, Affiliation now,
                                        List<AffiliationEntry> affs, List<PubSubEvent> told) {
        return tx.subscriptionsOf(bare, node.id()).chain(subs -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Subscription s : subs) {
                if (!AccessPolicy.maySubscribe(node.config(), now)) {
                    chain = chain.chain(() -> tx.deleteSubscription(node.id(), s.subId()));
                    told.add(subscriptionChanged(node, s.jid(), s.subId(), SubscriptionState.NONE, true, affs));
                } else if (s.state() == SubscriptionState.PENDING && !AccessPolicy.needsApproval(node.config(), now)) {
                    chain = chain.chain(() -> tx.setSubscriptionState(node.id(), s.subId(), SubscriptionState.SUBSCRIBED));
                    told.add(subscriptionChanged(node, s.jid(), s.subId(), SubscriptionState.SUBSCRIBED, true, affs));
                }
            }
            return chain;
        });
    }

    /**
     * §8.6: an owner answers an approval request for {@code subscriber}'s pending subscription (all of that JID's
     * pending ones when {@code subId} is null). Allowed, it becomes subscribed; denied, it is removed; the
     * subscriber is told either way (§13.14). A request already decided (by another owner: first decision wins,
     * §13.13) is left as it is.
     */
    public Uni<Void> authorize(Jid actor, String nodeId, Jid subscriber, String subId, boolean allow) {
        return transact(tx -> lockNode(tx, nodeId)
                .call(node -> require(tx, node, actor, Action.MANAGE_SUBSCRIPTIONS))
                .chain(node -> tx.subscriptionsOf(subscriber.bare(), nodeId).chain(subs -> {
                    List<Subscription> asked = subs.stream().filter(s -> s.jid().equals(subscriber)
                            && (subId == null || s.subId().equals(subId))).toList();
                    if (asked.isEmpty()) {
                        throw PubSubException.of(PubSubError.ITEM_NOT_FOUND, "no subscription request of " + subscriber);
                    }
                    List<Subscription> pending = asked.stream().filter(s -> s.state() == SubscriptionState.PENDING).toList();
                    return ownersIf(tx, node, !pending.isEmpty() && node.config().notifySub()).chain(affs -> {
                        List<PubSubEvent> told = new ArrayList<>();
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (Subscription s : pending) {
                            SubscriptionState now = allow ? SubscriptionState.SUBSCRIBED : SubscriptionState.NONE;
                            chain = chain.chain(() -> allow
                                    ? tx.setSubscriptionState(nodeId, s.subId(), now)
                                    : tx.deleteSubscription(nodeId, s.subId()));
                            told.add(subscriptionChanged(node, s.jid(), s.subId(), now, true, affs));
                        }
                        return chain.map(v -> Outcome.<Void>of(null, told));
                    });
                })));
    }

    /**
     * §8.7: the nodes the actor owns that have subscription requests waiting. Someone who owns no node has no
     * requests to approve: forbidden (§8.7.3.3).
     */
    public Uni<List<String>> nodesWithPendingRequests(Jid actor) {
        return transact(tx -> ownedNodeIds(tx, actor).chain(owned -> {
            if (owned.isEmpty() && !settings.isAdmin(actor)) {
                throw PubSubException.of(PubSubError.FORBIDDEN, "you own no node at this service");
            }
            List<String> waiting = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String id : owned) {
                chain = chain.chain(() -> tx.subscriptions(id).invoke(subs -> {
                    if (subs.stream().anyMatch(s -> s.state() == SubscriptionState.PENDING)) waiting.add(id);
                }).replaceWithVoid());
            }
            return chain.map(v -> Outcome.quiet(List.copyOf(waiting)));
        }));
    }

    /** §8.7 per-node request: every pending request of the node is sent to the asking owner again, as in §8.6. */
    public Uni<Void> resendAuthorizationRequests(Jid actor, String nodeId) {
        return transact(tx -> requireNode(tx, nodeId)
                .call(node -> require(tx, node, actor, Action.MANAGE_SUBSCRIPTIONS))
                .chain(node -> tx.subscriptions(nodeId).map(subs -> Outcome.<Void>of(null, subs.stream()
                        .filter(s -> s.state() == SubscriptionState.PENDING)
                        .map(s -> new AuthorizationRequested(node, s, List.of(new Delivery(actor))))
                        .toList()))));
    }

    /**
     * §8.8.1: the owner lists the node's subscriptions: subscribed and unconfigured ones; pending requests are
     * left out as the spec advises (they are handled through §8.6/§8.7).
     */
    public Uni<List<Subscription>> subscriptions(Jid actor, String nodeId) {
        return transact(tx -> requireNode(tx, nodeId)
                .call(node -> require(tx, node, actor, Action.MANAGE_SUBSCRIPTIONS))
                .chain(node -> tx.subscriptions(nodeId))
                .map(subs -> Outcome.quiet(subs.stream().filter(Subscription::isActive).toList())));
    }

    /**
     * §8.8.2: the owner sends a delta of subscription states. "none" removes (§8.8.3), "subscribed" approves,
     * creates or re-activates, "pending" suspends until approved again. All apply or none: any invalid entry
     * refuses the whole request with not-acceptable, listing the invalid entries as they still stand (§8.8.2.4).
     * Each subscriber whose subscription changed is told (§8.8.4).
     */
    public Uni<Void> modifySubscriptions(Jid actor, String nodeId, List<SubscriptionChange> changes) {
        return transact(tx -> lockNode(tx, nodeId)
                .call(node -> require(tx, node, actor, Action.MANAGE_SUBSCRIPTIONS))
                .chain(node -> tx.subscriptions(nodeId).chain(subs -> tx.affiliations(nodeId).chain(affs -> {
                    Map<Jid, Affiliation> affOf = new HashMap<>();
                    affs.forEach(a -> affOf.put(a.jid(), a.affiliation()));
                    List<SubscriptionChange> refused = new ArrayList<>();
                    List<Subscription> inserts = new ArrayList<>();
                    List<Subscription> updates = new ArrayList<>();
                    List<Subscription> deletes = new ArrayList<>();
                    Set<String> seen = new HashSet<>();
                    for (SubscriptionChange c : changes) {
                        if (c.state() == null) continue; // §8.8.2.1: without 'subscription' nothing changes
                        List<Subscription> targets = subs.stream().filter(s -> s.jid().equals(c.jid())
                                && (c.subId() == null || s.subId().equals(c.subId()))).toList();
                        boolean valid = seen.add(c.jid() + " " + c.subId())
                                && planChange(node, c, targets, affOf.getOrDefault(c.jid().bare(), Affiliation.NONE),
                                        inserts, updates, deletes);
                        if (!valid) {
                            if (targets.isEmpty()) refused.add(new SubscriptionChange(c.jid(), c.subId(), SubscriptionState.NONE));
                            targets.forEach(t -> refused.add(new SubscriptionChange(t.jid(), t.subId(), t.state())));
                        }
                    }
                    if (!refused.isEmpty()) {
                        throw PubSubException.rejected(PubSubError.NOT_ACCEPTABLE,
                                "a subscription change is not possible; nothing was changed", refused);
                    }
                    List<PubSubEvent> told = new ArrayList<>();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Subscription s : inserts) {
                        chain = chain.chain(() -> tx.insertSubscription(s));
                        told.add(subscriptionChanged(node, s.jid(), s.subId(), s.state(), true, affs));
                    }
                    for (Subscription s : updates) {
                        chain = chain.chain(() -> tx.setSubscriptionState(nodeId, s.subId(), s.state()));
                        told.add(subscriptionChanged(node, s.jid(), s.subId(), s.state(), true, affs));
                    }
                    for (Subscription s : deletes) {
                        chain = chain.chain(() -> tx.deleteSubscription(nodeId, s.subId()));
                        told.add(subscriptionChanged(node, s.jid(), s.subId(), SubscriptionState.NONE, true, affs));
                    }
                    return chain.map(v -> Outcome.<Void>of(null, told));
                }))));
    }

    /**
     * Plans one entry of a §8.8.2 delta against the subscriptions as they stand; false when it is invalid: a state
     * an owner cannot set (unconfigured belongs to subscription options), an unknown SubID, several subscriptions
     * without a SubID to choose, a new "pending" one (nobody asked), or subscribing someone the node bars.
     */
    private boolean planChange(Node node, SubscriptionChange c, List<Subscription> targets, Affiliation aff,
                               List<Subscription> inserts, List<Subscription> updates, List<Subscription> deletes) {
        SubscriptionState want = c.state();
        if (want == SubscriptionState.UNCONFIGURED) return false;
        if (want == SubscriptionState.NONE) { // §8.8.3: removing what is not there changes nothing
            deletes.addAll(targets);
            return true;
        }
        if (targets.isEmpty()) {
            if (c.subId() != null || want != SubscriptionState.SUBSCRIBED) return false;
            if (!AccessPolicy.maySubscribe(node.config(), aff)) return false;
            inserts.add(new Subscription(node.id(), c.jid(), ids.get(), want, clock.instant()));
            return true;
        }
        if (targets.size() > 1) return false;
        Subscription t = targets.get(0);
        if (t.state() != want) updates.add(t.withState(want));
        return true;
    }

    // ------------------------------------------------------------------ publisher use cases (§7)

    /**
     * §7.1: publish one item, or (draft null) a bare notification to a transient notification-only node.
     * {@code publishOptions} are preconditions on the node's configuration (§7.1.5).
     */
    public Uni<PublishResult> publish(Jid actor, String nodeId, ItemDraft draft, Map<String, List<String>> publishOptions) {
        return transact(tx -> lockNode(tx, nodeId)
                .call(node -> requirePublisher(tx, node, actor))
                .chain(node -> {
                    checkPreconditions(node.config(), publishOptions);
                    return storeAndDescribe(tx, node, newItem(node, actor, draft));
                }));
    }

    /** §7.2: delete items; subscribers hear of it when the request says notify or the node says notify_retract. */
    public Uni<Void> retract(Jid actor, String nodeId, List<String> itemIds, Boolean notify) {
        return transact(tx -> lockNode(tx, nodeId)
                .chain(node -> {
                    if (itemIds.isEmpty()) throw PubSubException.of(PubSubError.ITEM_REQUIRED); // §7.2.3.4
                    if (!node.config().persistItems()) throw PubSubException.unsupported("persistent-items"); // §7.2.3.5
                    return affiliation(tx, node, actor).chain(aff -> tx.itemsById(nodeId, itemIds).map(found -> {
                        if (found.size() < Set.copyOf(itemIds).size()) {
                            throw PubSubException.of(PubSubError.ITEM_NOT_FOUND, "no such item"); // §7.2.3.3
                        }
                        for (Item i : found) {
                            boolean own = i.publisher().bare().equals(actor.bare());
                            if (!(Permissions.may(aff, Action.RETRACT_ANY_ITEM)
                                    || own && Permissions.may(aff, Action.RETRACT_OWN_ITEM))) {
                                throw PubSubException.of(PubSubError.FORBIDDEN, "you may not delete this item"); // §7.2.3.1
                            }
                        }
                        return node;
                    }));
                })
                .chain(node -> tx.deleteItems(nodeId, itemIds)
                        .chain(deleted -> tx.subscriptions(nodeId).map(subs -> {
                            boolean tell = notify != null ? notify : node.config().notifyRetract();
                            return new Outcome<Void>(null, tell
                                    ? new ItemsRetracted(node, deleted, Recipients.of(node.config(), subs))
                                    : null);
                        }))));
    }

    // ------------------------------------------------------------------ subscriber use cases (§6)

    /**
     * §6.1: subscribe {@code jid} (bare or full) to a node. One JID holds one subscription per node: asking again
     * returns the existing one rather than piling up duplicates, unless it still awaits approval (§6.1.3.7).
     * Under "authorize" the subscription stays pending and the owners are asked (§6.1.4, §8.6); owners hear of
     * new subscribers when the node says notify_sub.
     */
    public Uni<Subscription> subscribe(Jid actor, String nodeId, Jid jid) {
        return transact(tx -> {
            // §6.1.3.1: nobody subscribes someone else (service admins excepted).
            if (!jid.bare().equals(actor.bare()) && !settings.isAdmin(actor)) {
                throw PubSubException.of(PubSubError.INVALID_JID, "the JID to subscribe must be your own");
            }
            return requireNode(tx, nodeId)
                    .chain(node -> affiliation(tx, node, actor).chain(aff -> {
                        AccessPolicy.requireRead(node.config(), aff, Action.SUBSCRIBE);
                        if (!node.config().subscribe()) throw PubSubException.unsupported("subscribe"); // §6.1.3.10
                        return tx.subscriptionsOf(jid.bare(), nodeId).chain(existing -> {
                            Optional<Subscription> same = existing.stream().filter(s -> s.jid().equals(jid)).findFirst();
                            if (same.isPresent()) {
                                if (same.get().state() == SubscriptionState.PENDING) {
                                    throw PubSubException.of(PubSubError.PENDING_SUBSCRIPTION, "your request awaits an owner's approval");
                                }
                                return Uni.createFrom().item(Outcome.quiet(same.get()));
                            }
                            boolean approval = AccessPolicy.needsApproval(node.config(), aff);
                            Subscription s = new Subscription(nodeId, jid, ids.get(),
                                    approval ? SubscriptionState.PENDING : SubscriptionState.SUBSCRIBED, clock.instant());
                            return tx.insertSubscription(s)
                                    .chain(() -> ownersIf(tx, node, approval || node.config().notifySub()))
                                    .map(affs -> new Outcome<>(s, approval
                                            ? new AuthorizationRequested(node, s, Recipients.owners(affs))
                                            : subscriptionChanged(node, jid, s.subId(), s.state(), false, affs)));
                        });
                    }));
        });
    }

    /** §6.2: end a subscription. */
    public Uni<Void> unsubscribe(Jid actor, String nodeId, Jid jid, String subId) {
        return transact(tx -> {
            if (!jid.bare().equals(actor.bare()) && !settings.isAdmin(actor)) {
                throw PubSubException.of(PubSubError.FORBIDDEN, "you may only unsubscribe yourself"); // §6.2.3.3
            }
            return requireNode(tx, nodeId)
                    .chain(node -> tx.subscriptionsOf(jid.bare(), nodeId).chain(all -> {
                        List<Subscription> mine = all.stream().filter(s -> s.jid().equals(jid)).toList();
                        if (mine.isEmpty()) throw PubSubException.of(PubSubError.NOT_SUBSCRIBED); // §6.2.3.2
                        Subscription target;
                        if (subId == null) {
                            if (mine.size() > 1) throw PubSubException.of(PubSubError.SUBID_REQUIRED); // §6.2.3.1
                            target = mine.get(0);
                        } else {
                            target = mine.stream().filter(s -> s.subId().equals(subId)).findFirst()
                                    .orElseThrow(() -> PubSubException.of(PubSubError.INVALID_SUBID)); // §6.2.3.5
                        }
                        // pubsub#notify_sub: owners hear of unsubscribes; the subscriber has its IQ result.
                        return tx.deleteSubscription(nodeId, target.subId())
                                .chain(() -> ownersIf(tx, node, node.config().notifySub()))
                                .map(affs -> new Outcome<Void>(null, subscriptionChanged(node, target.jid(),
                                        target.subId(), SubscriptionState.NONE, false, affs)));
                    }));
        });
    }

    /** §6.5: retrieve items, newest first: all, the newest N (§6.5.7) or by ItemID (§6.5.8). */
    public Uni<List<Item>> items(Jid actor, String nodeId, ItemsQuery query) {
        return transact(tx -> readableItems(tx, actor, nodeId)
                .chain(node -> {
                    if (query.subId() != null) return checkSubId(tx, node, actor, query.subId()).replaceWith(node);
                    return Uni.createFrom().item(node);
                })
                .chain(node -> {
                    if (!query.itemIds().isEmpty()) {
                        return tx.itemsById(nodeId, query.itemIds()).map(found -> {
                            if (found.isEmpty()) throw PubSubException.of(PubSubError.ITEM_NOT_FOUND, "no such item");
                            return found;
                        });
                    }
                    int max = query.maxItems() == null ? maxItems(node) : query.maxItems();
                    if (max < 1) throw PubSubException.of(PubSubError.BAD_REQUEST, "max_items must be positive");
                    return tx.items(nodeId, max);
                })
                .map(Outcome::quiet));
    }

    // ------------------------------------------------------------------ entity use cases (§5)

    /** §5.5: the ItemIDs of a node, newest first, under the same access rules as retrieving the items. */
    public Uni<List<String>> itemIds(Jid actor, String nodeId) {
        return transact(tx -> readableItems(tx, actor, nodeId)
                .chain(node -> tx.itemIds(nodeId, maxItems(node)))
                .map(Outcome::quiet));
    }

    /** §5.3/§5.4: a node's public facts; the configuration is shown only to those who may read the node. */
    public Uni<NodeView> node(Jid actor, String nodeId) {
        return transact(tx -> requireNode(tx, nodeId)
                .chain(node -> affiliation(tx, node, actor)
                        .map(aff -> Outcome.quiet(new NodeView(node, AccessPolicy.mayRead(node.config(), aff))))));
    }

    /**
     * §5.2: the nodes at the service. Whitelist nodes are listed only to their affiliates, so a node's existence
     * is not disclosed to those it is closed to.
     */
    public Uni<List<String>> nodeIds(Jid actor) {
        return transact(tx -> tx.nodes().chain(nodes -> tx.affiliationsOf(actor.bare()).map(mine -> {
            List<String> out = new ArrayList<>();
            for (Node n : nodes) {
                if (n.config().accessModel() != AccessModel.WHITELIST || settings.isAdmin(actor)
                        || mine.stream().anyMatch(a -> a.node().equals(n.id()) && AccessPolicy.mayRead(n.config(), a.affiliation()))) {
                    out.add(n.id());
                }
            }
            return Outcome.quiet(out);
        })));
    }

    /** §5.6: the requester's subscriptions, at the service or one node. */
    public Uni<List<Subscription>> subscriptionsOf(Jid actor, String nodeId) {
        return transact(tx -> (nodeId == null ? Uni.createFrom().voidItem() : requireNode(tx, nodeId).replaceWithVoid())
                .chain(() -> tx.subscriptionsOf(actor.bare(), nodeId))
                .map(Outcome::quiet));
    }

    /** §5.7: the requester's affiliations, at the service or one node. */
    public Uni<List<AffiliationEntry>> affiliationsOf(Jid actor, String nodeId) {
        return transact(tx -> (nodeId == null ? Uni.createFrom().voidItem() : requireNode(tx, nodeId).replaceWithVoid())
                .chain(() -> tx.affiliationsOf(actor.bare()))
                .map(all -> Outcome.quiet(nodeId == null ? all
                        : all.stream().filter(a -> a.node().equals(nodeId)).toList())));
    }

    // ------------------------------------------------------------------ the template's parts

    /** Runs the work in one transaction, then emits its event: notifications leave only after the commit. */
    private <T> Uni<T> transact(Function<StoreTx, Uni<Outcome<T>>> work) {
        return store.inTransaction(tx -> Uni.createFrom().deferred(() -> work.apply(tx)))
                .invoke(o -> {
                    for (PubSubEvent e : o.events()) {
                        if (!e.recipients().isEmpty()) emit(e);
                    }
                })
                .map(Outcome::value);
    }

    /**
     * The change is committed by now: whatever happens to its notifications, the requester must hear that it
     * succeeded, so a failing sink (which breaks its contract) is logged, never propagated.
     */
    private void emit(PubSubEvent event) {
        try {
            events.emit(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "notifications for node " + event.node().id() + " failed", e);
        }
    }

    private Uni<Node> requireNode(StoreTx tx, String nodeId) {
        checkId(nodeId, PubSubError.NODEID_REQUIRED);
        return tx.findNode(nodeId).map(n -> n.orElseThrow(() -> PubSubException.of(PubSubError.ITEM_NOT_FOUND, "no such node")));
    }

    private Uni<Node> lockNode(StoreTx tx, String nodeId) {
        checkId(nodeId, PubSubError.NODEID_REQUIRED);
        return tx.lockNode(nodeId).map(n -> n.orElseThrow(() -> PubSubException.of(PubSubError.ITEM_NOT_FOUND, "no such node")));
    }

    private Uni<Affiliation> affiliation(StoreTx tx, Node node, Jid actor) {
        if (settings.isAdmin(actor)) return Uni.createFrom().item(Affiliation.OWNER);
        return tx.affiliation(node.id(), actor.bare());
    }

    private Uni<Void> require(StoreTx tx, Node node, Jid actor, Action action) {
        return affiliation(tx, node, actor).map(aff -> {
            if (!Permissions.may(aff, action)) throw PubSubException.of(PubSubError.FORBIDDEN);
            return null;
        });
    }

    /** §7.1.3.1: the publish model decides who besides publishers may publish. */
    private Uni<Void> requirePublisher(StoreTx tx, Node node, Jid actor) {
        Uni<Boolean> subscribed = node.config().publishModel() == PublishModel.SUBSCRIBERS
                ? tx.subscriptionsOf(actor.bare(), node.id()).map(subs -> subs.stream().anyMatch(Subscription::isActive))
                : Uni.createFrom().item(false);
        return affiliation(tx, node, actor).chain(aff -> subscribed.map(sub -> {
            if (!AccessPolicy.mayPublish(node.config(), aff, sub)) {
                throw PubSubException.of(PubSubError.FORBIDDEN, "you may not publish to this node");
            }
            return null;
        }));
    }

    /** The node, once the requester may read its items and it keeps any (§6.5.9.4, §6.5.9.8). */
    private Uni<Node> readableItems(StoreTx tx, Jid actor, String nodeId) {
        return requireNode(tx, nodeId)
                .call(node -> affiliation(tx, node, actor).chain(aff -> subscribedIfAsked(tx, node, actor, aff)
                        .invoke(subscribed -> AccessPolicy.requireRead(node.config(), aff, Action.RETRIEVE_ITEMS, subscribed))))
                .invoke(node -> {
                    if (!node.config().persistItems()) throw PubSubException.unsupported("persistent-items");
                });
    }

    /**
     * Whether the actor's account holds an active subscription, looked up only where it decides reading:
     * "authorize" nodes, for those without a reading affiliation (§4.5).
     */
    private Uni<Boolean> subscribedIfAsked(StoreTx tx, Node node, Jid actor, Affiliation aff) {
        if (node.config().accessModel() != AccessModel.AUTHORIZE || Permissions.may(aff, Action.RETRIEVE_ITEMS)) {
            return Uni.createFrom().item(false);
        }
        return tx.subscriptionsOf(actor.bare(), node.id()).map(subs -> subs.stream().anyMatch(Subscription::isActive));
    }

    /** The node's affiliations when an event needs its owners, nothing otherwise (saves a query). */
    private static Uni<List<AffiliationEntry>> ownersIf(StoreTx tx, Node node, boolean needed) {
        return needed ? tx.affiliations(node.id()) : Uni.createFrom().item(List.of());
    }

    /** The nodes the actor owns; a service admin owns them all. */
    private Uni<List<String>> ownedNodeIds(StoreTx tx, Jid actor) {
        if (settings.isAdmin(actor)) return tx.nodes().map(nodes -> nodes.stream().map(Node::id).toList());
        return tx.affiliationsOf(actor.bare()).map(affs -> affs.stream()
                .filter(a -> a.affiliation() == Affiliation.OWNER).map(AffiliationEntry::node).sorted().toList());
    }

    /**
     * §13.14: a subscription changed state. The subscriber is told when {@code tellSubscriber} (at the JID it
     * subscribed), and the owners when the node says notify_sub; null when nobody is to be told.
     */
    private static SubscriptionChanged subscriptionChanged(Node node, Jid jid, String subId, SubscriptionState state,
                                                           boolean tellSubscriber, List<AffiliationEntry> affs) {
        List<Delivery> to = new ArrayList<>();
        if (tellSubscriber) to.add(new Delivery(jid));
        if (node.config().notifySub()) to.addAll(Recipients.owners(affs));
        return to.isEmpty() ? null : new SubscriptionChanged(node, jid, subId, state, Recipients.distinct(to));
    }

    private int maxItems(Node node) {
        return (int) Math.min(Integer.MAX_VALUE, node.config().effectiveMaxItems(settings.limits().maxItems()));
    }

    private Uni<Void> checkSubId(StoreTx tx, Node node, Jid actor, String subId) {
        return tx.subscriptionsOf(actor.bare(), node.id()).map(subs -> {
            if (subs.isEmpty()) throw PubSubException.of(PubSubError.NOT_SUBSCRIBED); // §6.5.9.3
            if (subs.stream().noneMatch(s -> s.subId().equals(subId))) {
                throw PubSubException.of(PubSubError.INVALID_SUBID); // §6.5.9.2
            }
            return null;
        });
    }

    /** When a node closes to strangers (now whitelist), their subscriptions end with it. */
    private Uni<Void> closeToStrangers(StoreTx tx, Node before, Node after) {
        if (before.config().accessModel() == after.config().accessModel()
                || after.config().accessModel() != AccessModel.WHITELIST) {
            return Uni.createFrom().voidItem();
        }
        return tx.subscriptions(after.id()).chain(subs -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Subscription s : subs) {
                chain = chain.chain(() -> tx.affiliation(after.id(), s.jid().bare()).chain(aff ->
                        AccessPolicy.mayRead(after.config(), aff) || settings.isAdmin(s.jid())
                                ? Uni.createFrom().voidItem()
                                : tx.deleteSubscription(after.id(), s.subId())));
            }
            return chain;
        });
    }

    /**
     * §7.1.5: every publish option must hold for the node as it is, and unknown options refuse the publish.
     * Applying the options to the current configuration and finding it unchanged checks both, with the same
     * value parsing as configuration uses ("1" and "true" agree).
     */
    private void checkPreconditions(NodeConfig config, Map<String, List<String>> options) {
        if (options == null || options.isEmpty()) return;
        NodeConfig wanted;
        try {
            wanted = configForm.apply(config, options);
        } catch (PubSubException e) {
            throw PubSubException.badField(PubSubError.PRECONDITION_NOT_MET, e.field() == null ? "?" : e.field(), e.getMessage());
        }
        if (!wanted.equals(config)) {
            throw PubSubException.of(PubSubError.PRECONDITION_NOT_MET, "the node's configuration differs from the publish options");
        }
    }

    /** The item rules of §7.1.3.7 and the node-type table of §4.3, then size (§7.1.3.5) and payload type (§7.1.3.6). */
    private Item newItem(Node node, Jid actor, ItemDraft draft) {
        NodeConfig c = node.config();
        boolean persistent = c.persistItems();
        if (draft == null) {
            if (persistent) throw PubSubException.of(PubSubError.ITEM_REQUIRED);
            if (c.deliverPayloads()) throw PubSubException.of(PubSubError.PAYLOAD_REQUIRED);
            return new Item(node.id(), ids.get(), null, actor, clock.instant());
        }
        if (!persistent && !c.deliverPayloads()) throw PubSubException.of(PubSubError.ITEM_FORBIDDEN);
        if (c.deliverPayloads() && draft.payload() == null) throw PubSubException.of(PubSubError.PAYLOAD_REQUIRED);
        String id = draft.id() == null ? ids.get() : checkId(draft.id(), PubSubError.ITEM_REQUIRED);
        Item item = new Item(node.id(), id, draft.payload(), actor, clock.instant());
        if (item.payloadBytes() > c.maxPayloadSize()) {
            throw PubSubException.of(PubSubError.PAYLOAD_TOO_BIG,
                    "payload is " + item.payloadBytes() + " bytes; this node accepts at most " + c.maxPayloadSize());
        }
        if (draft.payload() != null && c.payloadType() != null && !c.payloadType().equals(draft.payloadNamespace())) {
            throw PubSubException.of(PubSubError.INVALID_PAYLOAD, "this node takes payloads in " + c.payloadType());
        }
        return item;
    }

    /** Stores a persistent item and trims to max_items; a transient one is only announced. */
    private Uni<Outcome<PublishResult>> storeAndDescribe(StoreTx tx, Node node, Item item) {
        String nodeId = node.id();
        NodeConfig c = node.config();
        {
            Uni<List<String>> dropped = c.persistItems()
                    ? tx.putItem(item).chain(() -> tx.trimItems(nodeId, c.effectiveMaxItems(settings.limits().maxItems())))
                    : Uni.createFrom().item(List.of());
            return dropped.chain(gone -> tx.subscriptions(nodeId).map(subs -> {
                // §7.1.2: a transient notification-only publish has no ItemID to report.
                boolean hasId = c.persistItems() || c.deliverPayloads();
                PublishResult result = new PublishResult(nodeId, hasId ? item.id() : null);
                return new Outcome<>(result, new ItemsPublished(node, List.of(item), c.deliverPayloads(),
                        c.notifyRetract() ? gone : List.of(), Recipients.of(c, subs)));
            }));
        }
    }

    private static String checkId(String id, PubSubError ifMissing) {
        if (id == null || id.isEmpty()) throw PubSubException.of(ifMissing);
        if (id.length() > MAX_ID_LENGTH) throw PubSubException.of(PubSubError.NOT_ACCEPTABLE, "identifier longer than " + MAX_ID_LENGTH);
        return id;
    }
}
