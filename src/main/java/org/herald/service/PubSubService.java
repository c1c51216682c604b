package org.herald.service;

import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.herald.domain.StoredItem;
import org.herald.domain.AccessModel;
import org.herald.domain.AccessPolicy;
import org.herald.domain.Action;
import org.herald.domain.Affiliation;
import org.herald.domain.AffiliationEntry;
import org.herald.domain.Ancestor;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.NodeConfig;
import org.herald.domain.NodeType;
import org.herald.domain.Permissions;
import org.herald.domain.PublishModel;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.RosterEntry;
import org.herald.domain.SendLastPublishedItem;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionOptions;
import org.herald.domain.SubscriptionState;
import org.herald.service.config.NodeConfigForm;
import org.herald.service.event.CollectionChanged;
import org.herald.service.config.SubscriptionLimits;
import org.herald.service.config.SubscriptionOptionsForm;
import org.herald.domain.SubscriptionChange;
import org.herald.domain.SubscriptionState;
import org.herald.domain.XmlChars;
import org.herald.service.config.NodeConfigForm;
import org.herald.service.event.AffiliationChanged;
import org.herald.service.event.AuthorizationRequested;
import org.herald.service.event.Delivery;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.ItemsRetracted;
import org.herald.service.event.LastPublishedItem;
import org.herald.service.event.LeaseExpired;
import org.herald.service.event.NodeConfigured;
import org.herald.service.event.NodeDeleted;
import org.herald.service.event.NodePurged;
import org.herald.service.event.PubSubEvent;
import org.herald.service.port.DueDigest;
import org.herald.service.event.SubscriptionChanged;
import org.herald.service.port.EventSink;
import org.herald.service.port.PresenceView;
import org.herald.service.port.PubSubStore;
import org.herald.service.port.Relations;
import org.herald.service.port.StoreTx;
import org.herald.service.port.GeoPayloads;
import org.herald.service.geo.AreaFilter;
import org.herald.domain.geo.Crossing;
import org.herald.domain.geo.GeoArea;
import org.herald.domain.geo.GeoChange;
import org.herald.domain.geo.NodePosition;
import org.herald.domain.geo.Position;
import org.herald.service.event.AreaMark;
import org.herald.service.event.PositionsStale;
import org.herald.service.geo.GeoLimits;
import org.herald.service.geo.GeoPublishing;
import org.herald.service.geo.GeoReading;
import org.herald.service.limits.LimitedAction;
import org.herald.service.limits.RateKey;
import org.herald.service.limits.RequestLimits;

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
    private final SubscriptionOptionsForm optionsForm;
    private final Clock clock;
    private final Supplier<String> ids;
    private final Relations relations;
    private final PresenceView presence;
    private final GeoPublishing geo;
    private final RequestLimits requestLimits;

    /** A service that knows no rosters and sees no presence (presence and roster nodes admit affiliates only). */
    public PubSubService(PubSubStore store, EventSink events, ServiceSettings settings, Clock clock, Supplier<String> ids) {
        this(store, events, settings, clock, ids, Relations.NONE, PresenceView.NONE);
    }

    /**
     * @param relations answers how node owners' rosters hold other users (§4.5 presence and roster access models)
     * @param presence who is available (§13.6 presence-based delivery, pubsub#show-values)
     */
    public PubSubService(PubSubStore store, EventSink events, ServiceSettings settings, Clock clock, Supplier<String> ids,
                         Relations relations, PresenceView presence) {
        this(store, events, settings, clock, ids, relations, presence, GeoPayloads.NONE, GeoLimits.DEFAULT);
    }

    /**
     * @param geoPayloads finds XEP-0080 geoloc payloads in items (issue #7: validation, the latest-position index,
     *                    area filters)
     * @param geoLimits the operator's geolocation policy (future skew, jump speed)
     */
    public PubSubService(PubSubStore store, EventSink events, ServiceSettings settings, Clock clock, Supplier<String> ids,
                         Relations relations, PresenceView presence, GeoPayloads geoPayloads, GeoLimits geoLimits) {
        this(store, events, settings, clock, ids, relations, presence, geoPayloads, geoLimits, RequestLimits.NONE);
    }

    /** @param requestLimits per-requester rates and the nodes-per-owner cap (issue #9); admins are exempt */
    public PubSubService(PubSubStore store, EventSink events, ServiceSettings settings, Clock clock, Supplier<String> ids,
                         Relations relations, PresenceView presence, GeoPayloads geoPayloads, GeoLimits geoLimits,
                         RequestLimits requestLimits) {
        this.requestLimits = requestLimits;
        this.geo = new GeoPublishing(geoPayloads, geoLimits);
        this.relations = relations;
        this.presence = presence;
        this.store = store;
        this.events = events;
        this.settings = settings;
        this.configForm = new NodeConfigForm(settings.limits());
        this.optionsForm = new SubscriptionOptionsForm(settings.subscriptionLimits());
        this.clock = clock;
        this.ids = ids;
    }

    public NodeConfigForm configForm() {
        return configForm;
    }

    /** The pubsub#subscribe_options form (§6.3) as this service offers it. */
    public SubscriptionOptionsForm optionsForm() {
        return optionsForm;
    }

    // ------------------------------------------------------------------ owner use cases (§8)

    /**
     * §8.1: create a node, named or instant (nodeId null, §8.1.2), optionally with a configuration form (§8.1.3).
     * The creator becomes its owner.
     */
    public Uni<Node> create(Jid actor, String nodeId, Map<String, List<String>> config) {
        return create(RateKey.jid(actor), actor, nodeId, config);
    }

    /** As {@link #create(Jid, String, Map)}, counted against {@code key}'s create rate (e.g. an HTTP token). */
    public Uni<Node> create(RateKey key, Jid actor, String nodeId, Map<String, List<String>> config) {
        return Uni.createFrom().deferred(() -> {
            limitRate(key, actor, LimitedAction.CREATE);
            if (!settings.mayCreate(actor)) {
                throw PubSubException.of(PubSubError.FORBIDDEN, "node creation is not open to your domain"); // §8.1.3.2
            }
            String id = nodeId == null ? ids.get() : checkId(nodeId, PubSubError.NODEID_REQUIRED);
            // §8.1.3: the form is validated before anything is stored; a bad field refuses the whole creation.
            NodeConfig cfg = config == null ? settings.defaults() : configForm.apply(settings.defaults(), config);
            Node node = new Node(id, cfg, actor.bare(), clock.instant());
            // XEP-0248: a node may be created straight into collections (pubsub#collection) or, as a collection,
            // with children (pubsub#children); the creator is the new node's owner when the links are checked.
            return transact(tx -> requireRoomForNode(tx, actor)
                    .chain(() -> tx.insertNode(node))
                    .chain(() -> tx.setAffiliation(id, actor.bare(), Affiliation.OWNER))
                    .chain(() -> relink(tx, actor, null, node))
                    .chain(links -> linkEvents(tx, links))
                    .map(events -> Outcome.quiet(node).and(events)));
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

    /** §8.3, XEP-0248 §owner-default: the default configuration of a new node of this type. */
    public NodeConfig defaultConfiguration(NodeType type) {
        return settings.defaults().with().nodeType(type).build();
    }

    /** §8.2.4: the owner submits a configuration form; fields left out keep their value. */
    public Uni<Node> configure(Jid actor, String nodeId, Map<String, List<String>> form) {
        // knowing rosters: leaving "authorize" for presence/roster decides pending requests by the owners' rosters
        return transactKnowing((tx, known) -> lockNode(tx, nodeId)
                .call(node -> require(tx, node, actor, Action.CONFIGURE))
                .chain(node -> {
                    Node changed = node.withConfig(configForm.apply(node.config(), form));
                    return relink(tx, actor, node, changed).chain(links -> tx.updateNodeConfig(nodeId, changed.config())
                            .chain(() -> becomeCollection(tx, node, changed))
                            .chain(() -> followAccessModel(tx, known, node, changed))
                            .chain(decided -> tx.subscriptions(nodeId)
                                    .chain(subs -> deliverable(tx, changed, subs))
                                    // §8.2.5.4: payload-carrying nodes get the form, others an empty element.
                                    // Without notify_config no subscriber is told, but node followers still
                                    // hear of the change (their access may rest on it).
                                    .map(subs -> new Outcome<>(changed, new NodeConfigured(changed,
                                            changed.config().deliverPayloads(), changed.config().notifyConfig()
                                                    ? Recipients.of(changed.config(), subs.value()) : List.of()),
                                            subs.check()).and(decided)))
                            .chain(outcome -> linkEvents(tx, links).map(outcome::and)));
                }));
    }

    /**
     * XEP-0248 §associate-node: an owner of the collection puts a node into it, the rest of both configurations
     * unchanged. Associating a node that is already a child changes nothing.
     */
    public Uni<Void> associate(Jid actor, String collectionId, String childId) {
        return transact(tx -> lockNode(tx, collectionId)
                .call(collection -> require(tx, collection, actor, Action.CONFIGURE))
                .chain(collection -> {
                    checkId(childId, PubSubError.NODEID_REQUIRED);
                    if (collection.config().children().contains(childId)) return Uni.createFrom().item(List.<Link>of());
                    List<String> children = new ArrayList<>(collection.config().children());
                    children.add(childId);
                    return relink(tx, actor, collection,
                            collection.withConfig(collection.config().with().children(children).build()));
                })
                .chain(links -> linkEvents(tx, links))
                .map(events -> Outcome.<Void>quiet(null).and(events)));
    }

    /**
     * XEP-0248 §dissociate-request: a node leaves a collection. Owners of the collection may remove any child, and
     * owners of the child may take it out of a collection; a node that is not in the collection is a bad request
     * (XEP-0248 §error-dissoc-not-assoc).
     */
    public Uni<Void> dissociate(Jid actor, String collectionId, String childId) {
        return transact(tx -> lockNode(tx, collectionId)
                .chain(collection -> requireNode(tx, childId).chain(child -> affiliation(tx, collection, actor)
                        .chain(onCollection -> affiliation(tx, child, actor).map(onChild -> {
                            if (!Permissions.may(onCollection, Action.CONFIGURE) && !Permissions.may(onChild, Action.CONFIGURE)) {
                                throw PubSubException.of(PubSubError.FORBIDDEN, "only owners of the collection or the node may dissociate them");
                            }
                            if (!child.config().collection().contains(collectionId)) {
                                throw PubSubException.of(PubSubError.BAD_REQUEST, "the node is not in this collection");
                            }
                            return List.of(new Link(childId, collectionId, false));
                        }))))
                .chain(links -> linkEvents(tx, links)
                        .call(() -> tx.dissociate(childId, collectionId)))
                .map(events -> Outcome.<Void>quiet(null).and(events)));
    }

    /** §8.4: the owner deletes a node; subscribers hear of it when notify_delete is on (§8.4.2). */
    public Uni<Void> delete(Jid actor, String nodeId, String redirect) {
        return transact(tx -> lockNode(tx, nodeId)
                .call(node -> require(tx, node, actor, Action.DELETE))
                // XEP-0248 §imple-delete: the node leaves its collections (their nodes subscribers hear of it,
                // decided before the node is gone); a deleted collection's children stay, orphaned or in their
                // other collections.
                .chain(node -> linkEvents(tx, node.config().collection().stream()
                                .map(parent -> new Link(nodeId, parent, false)).toList())
                        .chain(left -> tx.subscriptions(nodeId)
                                .chain(subs -> deliverable(tx, node, subs))
                                .call(subs -> tx.deleteNode(nodeId))
                                // without notify_delete only node followers (HTTP streams) hear of it
                                .map(subs -> new Outcome<Void>(null, new NodeDeleted(node, redirect,
                                        node.config().notifyDelete() ? Recipients.of(node.config(), subs.value()) : List.of()),
                                        subs.check()).and(left)))));
    }

    /** §8.5: remove every item of a node. */
    public Uni<Void> purge(Jid actor, String nodeId) {
        return transact(tx -> lockNode(tx, nodeId)
                .call(node -> require(tx, node, actor, Action.PURGE))
                .chain(node -> {
                    if (!keepsItems(node)) throw PubSubException.unsupported("persistent-items"); // §8.5.3.3
                    return tx.purgeItems(nodeId)
                            .chain(() -> itemRecipients(tx, node, ItemEvent.PURGE))
                            // §8.5.2: one purge notification, when the node notifies item deletion.
                            .map(to -> new Outcome<Void>(null, new NodePurged(node,
                                    node.config().notifyRetract() ? to.value() : List.of()), to.check()));
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
                            // §13.5: the last published item goes to new subscribers on approval too (§6.1.7).
                            if (allow) {
                                chain = chain.chain(() -> lastItemOnSubscribe(tx, node, s.withState(now))
                                        .invoke(last -> told.addAll(last.events())).replaceWithVoid());
                            }
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
        return publish(RateKey.jid(actor), actor, nodeId, draft, publishOptions);
    }

    /** As {@link #publish(Jid, String, ItemDraft, Map)}, counted against {@code key}'s publish rate. */
    public Uni<PublishResult> publish(RateKey key, Jid actor, String nodeId, ItemDraft draft,
                                      Map<String, List<String>> publishOptions) {
        return Uni.createFrom().deferred(() -> {
            limitRate(key, actor, LimitedAction.PUBLISH);
            return transact(tx -> lockNode(tx, nodeId)
                .invoke(node -> {
                    // §7.1.3.x (publish not supported), XEP-0248 §collection-nodes: a collection holds no items.
                    if (node.config().isCollection()) throw PubSubException.unsupported("publish");
                })
                .call(node -> requirePublisher(tx, node, actor))
                .chain(node -> {
                    checkPreconditions(node.config(), publishOptions);
                    Item item = newItem(node, actor, draft);
                    // an invalid geoloc is refused here, before anything is stored (unless the node flags it)
                    GeoReading reading = geo.read(node, item, clock.instant());
                    return storeAndDescribe(tx, node, item, reading);
                }));
        });
    }

    /** §7.2: delete items; subscribers hear of it when the request says notify or the node says notify_retract. */
    public Uni<Void> retract(Jid actor, String nodeId, List<String> itemIds, Boolean notify) {
        List<Item> doomed = new ArrayList<>();
        return transact(tx -> lockNode(tx, nodeId)
                .chain(node -> {
                    if (itemIds.isEmpty()) throw PubSubException.of(PubSubError.ITEM_REQUIRED); // §7.2.3.4
                    if (!keepsItems(node)) throw PubSubException.unsupported("persistent-items"); // §7.2.3.5
                    return affiliation(tx, node, actor).chain(aff -> tx.itemsById(nodeId, itemIds).map(found -> {
                        doomed.addAll(found);
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
                        // a vehicle whose latest fix was retracted leaves the position index
                        .call(() -> geo.unindex(tx, node, doomed))
                        .chain(deleted -> itemRecipients(tx, node, ItemEvent.RETRACT).map(to -> {
                            boolean tell = notify != null ? notify : node.config().notifyRetract();
                            return new Outcome<Void>(null, new ItemsRetracted(node, deleted, tell ? to.value() : List.of()),
                                    to.check());
                        }))));
    }

    // ------------------------------------------------------------------ subscriber use cases (§6)

    /** §6.1: subscribe {@code jid} (bare or full) to a node with the default options (§6.4). */
    public Uni<Subscription> subscribe(Jid actor, String nodeId, Jid jid) {
        return subscribe(actor, nodeId, jid, null);
    }

    /**
     * §6.1, §6.3.7: subscribe {@code jid} (bare or full) to a node, with a submitted subscribe_options form or
     * (options null) the defaults.
     *
     * <p>§6.1.6 multi-subscribe: a JID may hold several subscriptions to one node, each with its own SubID and
     * options. A plain subscribe by a JID that already holds one returns the oldest rather than piling up duplicates
     * (clients re-subscribe at every login); a subscribe with options returns the JID's subscription that has
     * exactly those options, or else creates a new one. At most {@link SubscriptionLimits#maxSubscriptionsPerJid}
     * per JID and node.
     */
    public Uni<Subscription> subscribe(Jid actor, String nodeId, Jid jid, Map<String, List<String>> options) {
        return subscribe(RateKey.jid(actor), actor, nodeId, jid, options);
    }

    /** As {@link #subscribe(Jid, String, Jid, Map)}, counted against {@code key}'s subscribe rate. */
    public Uni<Subscription> subscribe(RateKey key, Jid actor, String nodeId, Jid jid, Map<String, List<String>> options) {
        return Uni.createFrom().deferred(() -> {
            limitRate(key, actor, LimitedAction.SUBSCRIBE);
            return subscribeUnlimited(actor, nodeId, jid, options);
        });
    }

    private Uni<Subscription> subscribeUnlimited(Jid actor, String nodeId, Jid jid, Map<String, List<String>> options) {
        return transactKnowing((tx, known) -> {
            // §6.1.3.1: nobody subscribes someone else (service admins excepted).
            if (!jid.bare().equals(actor.bare()) && !settings.isAdmin(actor)) {
                throw PubSubException.of(PubSubError.INVALID_JID, "the JID to subscribe must be your own");
            }
            Instant now = clock.instant();
            // the form is checked before anything is stored: a bad field refuses the whole subscription
            SubscriptionOptions wanted = options == null ? optionsForm.defaults(now)
                    : optionsForm.apply(optionsForm.defaults(now), options, now);
            requireSeen(jid, wanted);
            return requireNode(tx, nodeId)
                    .chain(node -> affiliation(tx, node, actor).chain(aff -> standing(tx, known, node, actor, aff).chain(st -> {
                        AccessPolicy.requireRead(node.config(), aff, Action.SUBSCRIBE, st);
                        if (!node.config().subscribe()) throw PubSubException.unsupported("subscribe"); // §6.1.3.10
                        return tx.subscriptionsOf(jid.bare(), nodeId).chain(existing -> {
                            List<Subscription> mine = existing.stream().filter(s -> s.jid().equals(jid)).toList();
                            if (mine.stream().anyMatch(s -> s.state() == SubscriptionState.PENDING)) { // §6.1.3.7
                                throw PubSubException.of(PubSubError.PENDING_SUBSCRIPTION, "your request awaits an owner's approval");
                            }
                            boolean expireGiven = options != null && options.containsKey(SubscriptionOptionsForm.EXPIRE);
                            Optional<Subscription> same = options == null ? mine.stream().findFirst()
                                    : mine.stream().filter(s -> sameOptions(s.options(), wanted, expireGiven)).findFirst();
                            if (same.isPresent()) return sentOnSubscribe(tx, node, same.get(), mine.size());
                            int most = settings.subscriptionLimits().maxSubscriptionsPerJid();
                            if (mine.size() >= most) {
                                throw PubSubException.of(PubSubError.NOT_ALLOWED,
                                        "a JID may hold at most " + most + " subscriptions to one node");
                            }
                            // §6.1.4, §8.6: under "authorize" the subscription waits for an owner's approval
                            boolean approval = AccessPolicy.needsApproval(node.config(), aff);
                            Subscription s = new Subscription(nodeId, jid, ids.get(),
                                    approval ? SubscriptionState.PENDING : SubscriptionState.SUBSCRIBED, now, wanted);
                            return tx.insertSubscription(s)
                                    .chain(() -> ownersIf(tx, node, approval || node.config().notifySub()))
                                    .map(affs -> new Outcome<>(s, approval
                                            ? new AuthorizationRequested(node, s, Recipients.owners(affs))
                                            : subscriptionChanged(node, jid, s.subId(), s.state(), false, affs)))
                                    .chain(o -> sentOnSubscribe(tx, node, s, mine.size() + 1).map(last -> o.and(last.events())));
                        });
                    })));
        });
    }

    /** Whether a subscription already has the options asked for; a lease end not asked for does not count. */
    private static boolean sameOptions(SubscriptionOptions held, SubscriptionOptions wanted, boolean expireGiven) {
        return expireGiven ? held.equals(wanted)
                : new SubscriptionOptions(held.deliver(), held.digest(), held.digestFrequencyMillis(), wanted.expire(),
                held.includeBody(), held.showValues(), held.subscriptionType(), held.subscriptionDepth(),
                wanted.temporary(), held.area()).equals(wanted);
    }

    /**
     * §13.5: a temporary subscription lasts "only for as long as the subscriber is online in its current presence
     * session", and ends when the service "receives presence of type unavailable from the subscriber". A service
     * that does not see the subscriber's presence would never see it end, so it is refused until Herald does
     * (directed presence to the service, a presence subscription to it, or the server's presence privilege).
     */
    private void requireSeen(Jid jid, SubscriptionOptions wanted) {
        if (wanted.temporary() && !presence.isAvailable(jid)) {
            throw PubSubException.badField(PubSubError.INVALID_OPTIONS, SubscriptionOptionsForm.EXPIRE,
                    "a temporary subscription ('presence', §13.5) ends with your presence session, but the service "
                            + "does not see the presence of " + jid + ": send it presence first");
        }
    }

    /** §6.3.2: the options of one subscription, for the subscriber (or a service admin). */
    public Uni<Subscription> subscriptionOptions(Jid actor, String nodeId, Jid jid, String subId) {
        return transact(tx -> subscriptionFor(tx, actor, nodeId, jid, subId).map(Outcome::quiet));
    }

    /** §6.3.5: the subscriber submits an options form; fields left out keep their value. */
    public Uni<Subscription> configureSubscription(Jid actor, String nodeId, Jid jid, String subId,
                                                   Map<String, List<String>> form) {
        return transactKnowing((tx, known) -> subscriptionFor(tx, actor, nodeId, jid, subId).chain(s -> {
            Instant now = clock.instant();
            Subscription changed = s.withOptions(optionsForm.apply(s.options(), form, now));
            if (!s.options().temporary()) requireSeen(jid, changed.options());
            Uni<Outcome<Subscription>> updated = tx.updateSubscriptionOptions(nodeId, s.subId(), changed.options(), now)
                    .map(v -> Outcome.quiet(changed));
            // herald#geo_area changed: re-snapshot without resubscribing (issue #7)
            if (changed.options().area() == null || changed.options().area().equals(s.options().area())) return updated;
            return updated.chain(o -> tx.findNode(nodeId).chain(node -> mayRead(tx, known, node.orElseThrow(), jid)
                    .chain(may -> !may ? Uni.createFrom().item(o)
                            : tx.subscriptionsOf(jid.bare(), nodeId).chain(all -> areaSnapshot(tx, node.get(), changed,
                                    (int) all.stream().filter(x -> x.jid().equals(jid)).count()))
                            .map(snapshot -> o.and(java.util.Collections.singletonList(snapshot))))));
        }));
    }

    /** §6.4: the options a new subscription gets, at the service (nodeId null) or at one node. */
    public Uni<SubscriptionOptions> defaultSubscriptionOptions(Jid actor, String nodeId) {
        if (nodeId == null) return Uni.createFrom().item(() -> optionsForm.defaults(clock.instant()));
        return transact(tx -> requireNode(tx, nodeId).map(node -> Outcome.quiet(optionsForm.defaults(clock.instant()))));
    }

    /** The subscription an options request (§6.3) is about, with the error cases of §6.3.4 in their order. */
    private Uni<Subscription> subscriptionFor(StoreTx tx, Jid actor, String nodeId, Jid jid, String subId) {
        if (!jid.bare().equals(actor.bare()) && !settings.isAdmin(actor)) {
            throw PubSubException.of(PubSubError.FORBIDDEN, "you may only configure your own subscriptions"); // §6.3.4.1
        }
        return requireNode(tx, nodeId) // §6.3.4.7
                .chain(node -> tx.subscriptionsOf(jid.bare(), nodeId))
                .map(all -> {
                    List<Subscription> mine = all.stream().filter(s -> s.jid().equals(jid)).toList();
                    if (mine.isEmpty()) throw PubSubException.of(PubSubError.NOT_SUBSCRIBED, jid + " is not subscribed"); // §6.3.4.2
                    if (subId == null) {
                        if (mine.size() > 1) {
                            throw PubSubException.of(PubSubError.SUBID_REQUIRED, jid + " holds " + mine.size() + " subscriptions"); // §6.3.4.4
                        }
                        return mine.get(0);
                    }
                    return mine.stream().filter(s -> s.subId().equals(subId)).findFirst()
                            .orElseThrow(() -> PubSubException.of(PubSubError.INVALID_SUBID)); // §6.3.4.5
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
        return retrieve(actor, nodeId, query).map(NodeItems::items);
    }

    /** {@link #items}, with the node they were read from. */
    public Uni<NodeItems> retrieve(Jid actor, String nodeId, ItemsQuery query) {
        return transactKnowing((tx, known) -> readableItems(tx, known, actor, nodeId)
                .chain(node -> {
                    if (query.subId() != null) return checkSubId(tx, node, actor, query.subId()).replaceWith(node);
                    return Uni.createFrom().item(node);
                })
                .chain(node -> {
                    if (!query.itemIds().isEmpty()) {
                        return tx.itemsById(nodeId, query.itemIds()).map(found -> {
                            if (found.isEmpty()) throw PubSubException.of(PubSubError.ITEM_NOT_FOUND, "no such item");
                            return new NodeItems(node, found);
                        });
                    }
                    int max = query.maxItems() == null ? maxItems(node) : query.maxItems();
                    if (max < 1) throw PubSubException.of(PubSubError.BAD_REQUEST, "max_items must be positive");
                    return tx.items(nodeId, max).map(items -> new NodeItems(node, items));
                })
                .map(Outcome::quiet));
    }

    /**
     * §6.5.4 "Returning Some Items" with XEP-0059: one page of the node's items, newest first, their ItemIDs as
     * the UIDs. A page never exceeds what the node keeps; max_items, when also given, caps it further.
     */
    public Uni<ItemPage> itemsPage(Jid actor, String nodeId, ItemsQuery query) {
        PageRequest page = java.util.Objects.requireNonNull(query.page(), "query.page");
        return transactKnowing((tx, known) -> readableItems(tx, known, actor, nodeId)
                .call(node -> query.subId() == null ? Uni.createFrom().voidItem() : checkSubId(tx, node, actor, query.subId()))
                .chain(node -> {
                    if (!query.itemIds().isEmpty()) {
                        throw PubSubException.of(PubSubError.BAD_REQUEST, "items asked for by ItemID are not paged");
                    }
                    int max = maxItems(node);
                    if (page.max() != null) max = Math.min(max, page.max());
                    if (query.maxItems() != null) max = Math.min(max, query.maxItems());
                    return ItemPaging.page(tx, node, null, null, null, false, page, max, id -> tx.itemSeq(nodeId, id)
                            // XEP-0059 §2.5: a UID no longer in the set cannot be placed; the requester starts over.
                            .map(seq -> seq.orElseThrow(() -> PubSubException.of(PubSubError.ITEM_NOT_FOUND,
                                    "no item '" + id + "' to page from"))));
                })
                .map(Outcome::quiet));
    }

    /** The most archive results one XEP-0313 page carries (§5.2.1 lets a server limit pages whatever the client asks). */
    public static final int ARCHIVE_PAGE_MAX = 100;

    /**
     * XEP-0313 on a node (the 'node' attribute of the query, §6.2.4): the node's items published in the query's time
     * range, oldest first, paged by archive id. Readable by exactly those who may retrieve the node's items (§6.5).
     */
    public Uni<ItemPage> archive(Jid actor, String nodeId, ArchiveQuery query) {
        PageRequest page = query.page() == null ? PageRequest.first(ARCHIVE_PAGE_MAX) : query.page();
        int max = page.max() == null ? ARCHIVE_PAGE_MAX : Math.min(page.max(), ARCHIVE_PAGE_MAX);
        return transactKnowing((tx, known) -> readableItems(tx, known, actor, nodeId)
                .invoke(node -> {
                    // XEP-0313 §4.1.1: filtering by publisher only for those who may know the publishers anyway.
                    if (query.with() != null && !node.config().showsPublisher()) {
                        throw PubSubException.of(PubSubError.NOT_ALLOWED, "this node does not disclose its items' publishers");
                    }
                })
                .chain(node -> ItemPaging.page(tx, node, query.start(), query.end(), query.with(), true, page, max, id -> {
                    Long seq = ArchiveIds.parse(id);
                    // XEP-0313 §5.2.2: a UID not in the archive is item-not-found.
                    Uni<Boolean> archived = seq == null ? Uni.createFrom().item(false) : tx.hasItemSeq(nodeId, seq);
                    return archived.map(found -> {
                        if (!found) throw PubSubException.of(PubSubError.ITEM_NOT_FOUND, "no archived item '" + id + "'");
                        return seq;
                    });
                }))
                .map(Outcome::quiet));
    }

    /**
     * The node's stored items with a sequence number above {@code afterSeq}, oldest first, at most {@code max}:
     * what a live stream that was interrupted missed (HTTP streams resume by sequence number, as SSE's
     * Last-Event-ID). Readable by exactly those who may retrieve the node's items (§6.5). Unlike an archive page
     * the cursor need not name an item still stored: items trimmed or retracted since are simply not there.
     */
    public Uni<ItemPage> itemsSince(Jid actor, String nodeId, long afterSeq, int max) {
        if (max < 1) throw new IllegalArgumentException("max must be positive: " + max);
        // The page comes with its node, so front-ends render the items as its configuration says (e.g. itemreply).
        return transactKnowing((tx, known) -> readableItems(tx, known, actor, nodeId)
                .chain(node -> tx.itemsAfter(nodeId, Math.max(0, afterSeq), max)
                        .map(items -> new ItemPage(node, items, null, items.size(), items.size() < max)))
                .map(Outcome::quiet));
    }

    /**
     * Reads something of a node that its item readers may see (§6.5: geolocation snapshots and tracks are views of
     * its items), in one transaction after the same access check as item retrieval. {@code read} runs only when the
     * actor may read the node's items, with the store and the node.
     */
    public <T> Uni<T> readAsItemReader(Jid actor, String nodeId, BiFunction<StoreTx, Node, Uni<T>> read) {
        return transactKnowing((tx, known) -> readableItems(tx, known, actor, nodeId)
                .chain(node -> read.apply(tx, node))
                .map(Outcome::quiet));
    }

    /**
     * herald#stale_after (issue #7): marks stale at most {@code batch} vehicles silent for longer than their node
     * allows and tells each node's subscribers ({@link PositionsStale}; area subscribers only of vehicles inside their
     * area). Safe on several instances at once: each claims its own entries (see {@link StoreTx#markStale}). The
     * vehicle's next fix makes it active again.
     *
     * @return how many vehicles went stale
     */
    public Uni<Integer> sweepStale(int batch) {
        Instant now = clock.instant();
        return transact(tx -> tx.markStale(now, batch).chain(marked -> {
            Map<String, List<Position>> byNode = new LinkedHashMap<>();
            for (NodePosition np : marked) byNode.computeIfAbsent(np.node(), k -> new ArrayList<>()).add(np.position());
            List<Outcome.Notice> notices = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (var e : byNode.entrySet()) {
                chain = chain.chain(() -> tx.findNode(e.getKey()).chain(found -> {
                    if (found.isEmpty()) return Uni.createFrom().voidItem();
                    Node node = found.get();
                    return tx.subscriptions(node.id()).chain(subs -> deliverable(tx, node, subs)).invoke(subs -> {
                        // one event per vehicle: area subscribers differ from one vehicle to the next
                        for (Position p : e.getValue()) {
                            List<Delivery> to = Recipients.ofStale(node.config(), subs.value(), p, now);
                            notices.add(new Outcome.Notice(new PositionsStale(node, List.of(p), to), subs.check()));
                        }
                    }).replaceWithVoid();
                }));
            }
            // only after the commit, as every other notification
            return chain.map(v -> new Outcome<>(marked.size(), notices));
        }));
    }

    /**
     * Deletes at most {@code batch} track points past their retention: the service's (herald.geo.track-retention),
     * or the node's pubsub#item_expire where it is shorter, so a position never outlives the item that carried it.
     * Safe on several instances at once (see {@link StoreTx#pruneTracks}).
     *
     * @return how many went
     */
    public Uni<Integer> pruneTracks(int batch) {
        Instant now = clock.instant();
        return transact(tx -> tx.pruneTracks(now.minus(geo.limits().trackRetention()), now, batch).map(Outcome::quiet));
    }

    /**
     * §17.4.4 pubsub#item_expire: deletes at most {@code batch} items that outlived their node's limit. Subscribers
     * hear of them as of a retraction (§7.2.2) when the node has notify_retract on. Safe to run on several instances
     * at once: each claims its own items (see {@link StoreTx#deleteExpiredItems}).
     *
     * @return how many items expired
     */
    public Uni<Integer> expireItems(int batch) {
        Instant now = clock.instant();
        return transact(tx -> tx.deleteExpiredItems(now, batch).chain(byNode -> {
            List<Outcome.Notice> retractions = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (var e : byNode.entrySet()) {
                // a vehicle whose latest fix came with an expired item leaves the position index (issue #7)
                chain = chain.chain(() -> tx.forgetPositionsOf(e.getKey(), e.getValue()).replaceWithVoid());
                chain = chain.chain(() -> tx.findNode(e.getKey()).chain(found -> {
                    if (found.isEmpty()) return Uni.createFrom().voidItem();
                    Node node = found.get();
                    boolean tell = node.config().notifyRetract();
                    return itemRecipients(tx, node, ItemEvent.RETRACT).invoke(to -> retractions.add(new Outcome.Notice(
                            new ItemsRetracted(node, e.getValue(), tell ? to.value() : List.of()), to.check()))).replaceWithVoid();
                }));
            }
            // only after the commit, as every other notification
            return chain.map(v -> new Outcome<>(byNode.values().stream().mapToInt(List::size).sum(), retractions));
        }));
    }

    // ------------------------------------------------------------------ entity use cases (§5)

    /** §5.5: the ItemIDs of a node, newest first, under the same access rules as retrieving the items. */
    public Uni<List<String>> itemIds(Jid actor, String nodeId) {
        return transactKnowing((tx, known) -> readableItems(tx, known, actor, nodeId)
                .chain(node -> tx.itemIds(nodeId, maxItems(node)))
                .map(Outcome::quiet));
    }

    /**
     * §5.3/§5.4: a node's public facts; the configuration and the meta-data (owners, publishers, number of
     * subscribers) are shown only to those who may read the node.
     */
    public Uni<NodeView> node(Jid actor, String nodeId) {
        return transactKnowing((tx, known) -> requireNode(tx, nodeId)
                .chain(node -> mayRead(tx, known, node, actor).chain(readable -> {
                    if (!readable) return Uni.createFrom().item(new NodeView(node, false));
                    return tx.affiliations(nodeId).chain(affs -> tx.subscriptions(nodeId).map(subs -> new NodeView(node, true,
                            holders(affs, Affiliation.OWNER), holders(affs, Affiliation.PUBLISHER),
                            (int) subs.stream().filter(Subscription::isActive).count())));
                }))
                .map(Outcome::quiet));
    }

    private static List<Jid> holders(List<AffiliationEntry> affiliations, Affiliation which) {
        return affiliations.stream().filter(a -> a.affiliation() == which).map(AffiliationEntry::jid).toList();
    }

    /**
     * §5.2, XEP-0248 §disco-nodes: the first-level nodes of the service, those in no collection (the rest are found
     * through their collections). Whitelist nodes are listed only to their affiliates, so a node's existence is
     * not disclosed to those it is closed to.
     */
    public Uni<List<String>> nodeIds(Jid actor) {
        return transact(tx -> tx.nodes().chain(nodes -> tx.affiliationsOf(actor.bare()).map(mine -> Outcome.quiet(
                nodes.stream().filter(n -> n.config().collection().isEmpty() && listed(actor, n, mine))
                        .map(Node::id).toList()))));
    }

    /**
     * §5.2 on a node: a collection's children the requester may know of (XEP-0248 §disco-nodes), or a leaf's
     * item ids under the rules of retrieving its items (§5.5).
     */
    public Uni<NodeListing> listing(Jid actor, String nodeId) {
        return transactKnowing((tx, known) -> requireNode(tx, nodeId).chain(node -> {
            if (!node.config().isCollection()) {
                return readableItems(tx, known, actor, nodeId)
                        .chain(leaf -> tx.itemIds(nodeId, maxItems(leaf)))
                        .map(ids -> Outcome.quiet(new NodeListing(false, ids)));
            }
            return requireRead(tx, known, node, actor, Action.RETRIEVE_ITEMS)
                    .chain(() -> tx.affiliationsOf(actor.bare()))
                    .chain(mine -> {
                        Uni<List<String>> visible = Uni.createFrom().item(new ArrayList<>());
                        for (String child : node.config().children()) {
                            visible = visible.chain(out -> tx.findNode(child).map(found -> {
                                found.filter(n -> listed(actor, n, mine)).ifPresent(n -> out.add(n.id()));
                                return out;
                            }));
                        }
                        return visible;
                    })
                    .map(ids -> Outcome.quiet(new NodeListing(true, ids)));
        }));
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

    // ------------------------------------------------------------------ periodic jobs (called by an adapter's timer)

    /** The most digest subscriptions or leases one run handles in one transaction; the next run takes the rest. */
    public static final int BATCH = 100;

    private record Run(int handled, List<PubSubEvent> events) {
    }

    /**
     * pubsub#digest: sends every digest that is due, one message per subscription holding all items published to
     * its node since its last digest, oldest first. The cursor moves in the transaction that claims the
     * subscription, and the messages leave after it commits: a crash may lose one digest, never repeat one.
     *
     * @return how many digest subscriptions were handled (a full {@link #BATCH} means more may be due)
     */
    public Uni<Integer> sendDueDigests() {
        Instant now = clock.instant();
        return transact(tx -> tx.claimDueDigests(now, BATCH).chain(due -> {
            List<Outcome.Notice> digests = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (DueDigest d : due) chain = chain.chain(() -> digest(tx, d, now, digests));
            return chain.map(v -> new Outcome<>(due.size(), digests));
        }));
    }

    private Uni<Void> digest(StoreTx tx, DueDigest due, Instant now, List<Outcome.Notice> digests) {
        Subscription s = due.subscription();
        Instant next = now.plusMillis(s.options().digestFrequencyMillis());
        return tx.findNode(s.node()).chain(found -> {
            Node node = found.orElseThrow(); // the subscription row references its node
            return tx.itemsAfter(node.id(), due.afterSeq(), maxItems(node)).chain(items -> {
                long upTo = items.isEmpty() ? due.afterSeq() : items.get(items.size() - 1).seq();
                Uni<Void> advance = tx.advanceDigest(node.id(), s.subId(), upTo, next);
                // Items published while delivery was off, pending or past the lease are passed over, not saved up.
                boolean wanted = s.isActive() && s.options().deliver() && !s.options().expiredAt(now)
                        && node.config().deliverNotifications();
                if (items.isEmpty() || !wanted) return advance;
                return advance.chain(() -> tx.subscriptions(node.id())).chain(subs -> digestCheck(tx, node, s)
                        .invoke(check -> digests.add(new Outcome.Notice(ItemsPublished.digest(node,
                                items, node.config().deliverPayloads(), Recipients.ofDigest(s, subs)), check))))
                        .replaceWithVoid();
            });
        });
    }

    /**
     * A digest goes to a stranger to a presence or roster node only if an owner's roster still admits it (§4.5),
     * asked after the commit like every notification's.
     */
    private Uni<RosterCheck> digestCheck(StoreTx tx, Node node, Subscription s) {
        Jid bare = s.jid().bare();
        if (!AccessPolicy.asksRoster(node.config()) || settings.isAdmin(bare)) return Uni.createFrom().item(RosterCheck.NONE);
        return tx.affiliations(node.id()).map(all -> all.stream()
                .anyMatch(a -> a.jid().bare().equals(bare) && a.affiliation() != Affiliation.NONE)
                ? RosterCheck.NONE
                : new RosterCheck(node.config(), owners(all), Set.of(bare)));
    }

    /**
     * §13.19: removes the subscriptions whose lease ended and tells each subscriber, at the subscribed JID (§13.14).
     *
     * @return how many subscriptions ended (a full {@link #BATCH} means more may have)
     */
    public Uni<Integer> endExpiredLeases() {
        Instant now = clock.instant();
        return store.inTransaction(tx -> tx.deleteExpiredSubscriptions(now, BATCH).chain(gone -> {
                    List<PubSubEvent> events = new ArrayList<>();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Subscription s : gone) {
                        chain = chain.chain(() -> tx.findNode(s.node()).invoke(node -> node.ifPresent(n ->
                                events.add(new LeaseExpired(n, s, List.of(new Delivery(s.jid())))))).replaceWithVoid());
                    }
                    return chain.map(v -> new Run(gone.size(), events));
                }))
                .invoke(run -> run.events().forEach(this::emitIfAnyone))
                .map(Run::handled);
    }

    // ------------------------------------------------------------------ presence (§6.1.7, §13.6)

    /**
     * A subscriber's resource became available (its first available presence after being unavailable), with its
     * {@code show} ("online" for none). Nodes configured send_last_published_item = on_sub_and_presence send it
     * their newest item (§6.1.7, §17.4.4), if its subscription still lets it read and its show-values admit this
     * presence. Each node's item goes to the resource that came online, not to all of the user's resources.
     */
    public Uni<Void> available(Jid resource, String show) {
        if (resource.isBare()) return Uni.createFrom().voidItem();
        return store.inTransaction(tx -> tx.subscriptionsOf(resource.bare(), null).map(subs -> {
                    Set<String> nodes = new LinkedHashSet<>();
                    for (Subscription s : subs) {
                        if (s.isActive() && (s.jid().isBare() || s.jid().equals(resource)) && s.options().deliver()
                                && !s.options().expiredAt(clock.instant()) && Reachability.showMatches(s, show)) {
                            nodes.add(s.node());
                        }
                    }
                    return nodes;
                }))
                // One short transaction per node, so that a roster answer (§4.5) is awaited outside all of them.
                .chain(nodes -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (String nodeId : nodes) {
                        chain = chain.chain(() -> transactKnowing((tx, known) -> lastItemOnPresence(tx, known, nodeId, resource)
                                .map(e -> new Outcome<Void>(null, e))));
                    }
                    return chain;
                });
    }

    /**
     * §13.5: a subscriber's presence session ended: {@code from} (a full JID) went unavailable, or (a bare JID) all of
     * the account's resources did. Its temporary subscriptions end in one transaction: those of that full JID, and
     * those of the bare JID once the account has no available resource left ({@link PresenceView} already counts
     * {@code from} as gone). Owners with notify_sub are told (§13.14); the subscriber is not, being offline.
     */
    public Uni<Void> unavailable(Jid from) {
        boolean accountGone = from.isBare() || !presence.isAvailable(from.bare());
        return store.inTransaction(tx -> tx.subscriptionsOf(from.bare(), null).chain(subs -> {
                    List<Subscription> ending = subs.stream().filter(s -> s.options().temporary()
                            && (s.jid().equals(from) || accountGone && (from.isBare() || s.jid().isBare()))).toList();
                    List<PubSubEvent> told = new ArrayList<>();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Subscription s : ending) {
                        chain = chain.chain(() -> tx.deleteSubscription(s.node(), s.subId()))
                                .chain(() -> tx.findNode(s.node()))
                                .chain(node -> node.isPresent() && node.get().config().notifySub()
                                        ? tx.affiliations(s.node()).invoke(affs -> told.add(subscriptionChanged(node.get(),
                                        s.jid(), s.subId(), SubscriptionState.NONE, false, affs))).replaceWithVoid()
                                        : Uni.createFrom().voidItem());
                    }
                    return chain.map(v -> Outcome.<Void>of(null, told));
                }))
                .invoke(o -> o.events().forEach(this::emitIfAnyone))
                .replaceWithVoid();
    }

    /**
     * The users whose presence decides deliveries (bare JIDs): active subscribers of nodes with presence-based
     * delivery (§13.6) or send_last_published_item = on_sub_and_presence, subscribers with show-values, and holders
     * of temporary subscriptions (§13.5).
     * A front-end that lost its view of presence (a restart, a reconnection) asks them for it again.
     * Reads every node's subscriptions: meant for those rare moments, not for each stanza.
     */
    public Uni<Set<Jid>> presenceWatched() {
        return store.inTransaction(tx -> tx.nodes().chain(nodes -> {
            Set<Jid> watched = new java.util.LinkedHashSet<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Node n : nodes) {
                NodeConfig c = n.config();
                boolean nodeWatches = c.presenceBasedDelivery()
                        || c.sendLastPublishedItem() == SendLastPublishedItem.ON_SUB_AND_PRESENCE;
                // temporary subscribers too: the answer to a probe tells whether their session still goes on (§13.5)
                chain = chain.chain(() -> tx.subscriptions(n.id()).invoke(subs -> subs.stream()
                        .filter(s -> s.options().temporary()
                                || s.isActive() && (nodeWatches || !s.options().showValues().isEmpty()))
                        .forEach(s -> watched.add(s.jid().bare()))).replaceWithVoid());
            }
            return chain.map(v -> watched);
        }));
    }

    /** The last item for a resource that came online, or null when the node does not send one to it. */
    private Uni<PubSubEvent> lastItemOnPresence(StoreTx tx, Standings known, String nodeId, Jid resource) {
        return tx.findNode(nodeId).chain(found -> {
            if (found.isEmpty()) return Uni.createFrom().nullItem();
            Node node = found.get();
            NodeConfig c = node.config();
            if (c.sendLastPublishedItem() != SendLastPublishedItem.ON_SUB_AND_PRESENCE) return Uni.createFrom().nullItem();
            // The roster may have changed since the subscription: the access model holds on this path too.
            return mayRead(tx, known, node, resource).chain(may -> may
                    ? lastItem(tx, node, resource)
                    : Uni.createFrom().nullItem());
        });
    }

    /**
     * §6.1.7: after a successful subscription, nodes that send the last published item on subscription send it to
     * the subscribed JID. Only active subscriptions get it: a pending one may not read yet.
     */
    private Uni<Outcome<Subscription>> lastItemOnSubscribe(StoreTx tx, Node node, Subscription s) {
        if (!s.isActive() || node.config().sendLastPublishedItem() == SendLastPublishedItem.NEVER) {
            return Uni.createFrom().item(Outcome.quiet(s));
        }
        return lastItem(tx, node, s.jid()).map(e -> new Outcome<>(s, e));
    }

    /**
     * What a subscription gets right after it is made: with an area filter (herald#geo_area) the items of the
     * vehicles inside the area ({@link #areaSnapshot}), otherwise the last published item (§6.1.7) when the node
     * sends it. {@code held} counts the JID's subscriptions to the node, this one included (SubID headers, §6.1.6).
     */
    private Uni<Outcome<Subscription>> sentOnSubscribe(StoreTx tx, Node node, Subscription s, int held) {
        if (s.options().area() == null) return lastItemOnSubscribe(tx, node, s);
        return areaSnapshot(tx, node, s, held).map(e -> new Outcome<>(s, e));
    }

    /**
     * The items of the vehicles whose latest position lies inside the subscription's area, oldest first, as a digest
     * for this subscription alone (issue #7: a map starts from where the vehicles are, then follows crossings).
     * A digest, so front-ends following the node as a whole (HTTP streams, WebSub) do not take it for new items.
     * Null when nothing is to be sent: no active delivering subscription, a node that keeps no items, no vehicle in
     * the area, or vehicles whose items pubsub#max_items already pushed out.
     */
    private Uni<PubSubEvent> areaSnapshot(StoreTx tx, Node node, Subscription s, int held) {
        GeoArea area = s.options().area();
        NodeConfig c = node.config();
        if (area == null || !s.isActive() || !s.options().deliver() || !keepsItems(node) || !c.deliverNotifications()) {
            return Uni.createFrom().nullItem();
        }
        return tx.latestPositions(node.id()).chain(all -> {
            List<Position> inside = all.stream().filter(area::contains)
                    .sorted(java.util.Comparator.comparingLong(Position::seq)).toList();
            if (inside.isEmpty()) return Uni.createFrom().nullItem();
            return tx.itemsById(node.id(), inside.stream().map(Position::itemId).distinct().toList()).map(items -> {
                Map<String, Item> byId = new HashMap<>();
                items.forEach(i -> byId.put(i.id(), i));
                List<StoredItem> stored = new ArrayList<>();
                List<GeoChange> changes = new ArrayList<>();
                for (Position p : inside) {
                    Item i = byId.get(p.itemId());
                    if (i == null) continue;
                    stored.add(new StoredItem(p.seq(), i));
                    changes.add(new GeoChange(p.key(), p.itemId(), p, null, true, false, false, false));
                }
                if (stored.isEmpty()) return null;
                Delivery to = new Delivery(s.jid(), held > 1 ? List.of(s.subId()) : List.of(), null,
                        s.options().includeBody(), List.of(new AreaMark(s.subId(), Crossing.INSIDE)));
                return (PubSubEvent) new ItemsPublished(node, stored, c.deliverPayloads(), List.of(), List.of(to), true,
                        changes);
            });
        });
    }

    /** The node's newest item for one recipient, or null when the node keeps or delivers none. */
    private Uni<PubSubEvent> lastItem(StoreTx tx, Node node, Jid to) {
        NodeConfig c = node.config();
        // Herald keeps no last item of transient nodes (§13.5 caching is optional), and collections keep no items.
        if (!keepsItems(node) || !c.deliverNotifications()) return Uni.createFrom().nullItem();
        return tx.items(node.id(), 1).map(items -> items.isEmpty() ? null
                : new LastPublishedItem(node, items.get(0), c.deliverPayloads(), List.of(new Delivery(to))));
    }

    // ------------------------------------------------------------------ access under the §4.5 models

    /** Refuses an actor who may not read the node (subscribe, retrieve items) under its access model. */
    private Uni<Void> requireRead(StoreTx tx, Standings known, Node node, Jid actor, Action action) {
        return affiliation(tx, node, actor).chain(aff -> standing(tx, known, node, actor, aff)
                .invoke(st -> AccessPolicy.requireRead(node.config(), aff, action, st))
                .replaceWithVoid());
    }

    private Uni<Boolean> mayRead(StoreTx tx, Standings known, Node node, Jid actor) {
        return affiliation(tx, node, actor).chain(aff -> standing(tx, known, node, actor, aff)
                .map(st -> AccessPolicy.mayRead(node.config(), aff, st)));
    }

    /**
     * §4.5: how the node owners' rosters hold the actor. Asked only about strangers (affiliation none) to presence
     * and roster nodes; with several owners, any owner's roster counts. The answers come from {@code known}, learned
     * outside the transaction: one not learned yet stops the transaction to be asked (see {@link #transactKnowing}).
     */
    private Uni<RosterEntry> standing(StoreTx tx, Standings known, Node node, Jid actor, Affiliation aff) {
        if (aff != Affiliation.NONE || !AccessPolicy.asksRoster(node.config())) {
            return Uni.createFrom().item(RosterEntry.NONE);
        }
        return tx.affiliations(node.id()).map(all -> known.of(owners(all), actor.bare()));
    }

    private static List<Jid> owners(List<AffiliationEntry> all) {
        return all.stream().filter(a -> a.affiliation() == Affiliation.OWNER).map(AffiliationEntry::jid).toList();
    }

    /** A use case's finding together with the roster questions left for after the commit. */
    private record Checked<T>(T value, RosterCheck check) {
    }

    /**
     * The subscriptions an event on the node may reach now: those whose presence lets it through (§13.6,
     * show-values) and, on presence and roster nodes, whose subscriber may still read the node. There a stranger's
     * right comes from the owner's roster, which can change after the subscription, so it is asked again for every
     * notification (§4.5) — after the commit, through the returned {@link RosterCheck}, so that the transaction
     * (which may hold the node's lock) never waits on an owner's server. What else decides (pending, deliver,
     * leases, digests, SubIDs) is {@link Recipients}' job.
     */
    private Uni<Checked<List<Subscription>>> deliverable(StoreTx tx, Node node, List<Subscription> subs) {
        NodeConfig c = node.config();
        List<Subscription> reachable = subs.stream().filter(s -> Reachability.reachable(c, s, presence)).toList();
        if (!AccessPolicy.asksRoster(c) || reachable.isEmpty()) {
            return Uni.createFrom().item(new Checked<>(reachable, RosterCheck.NONE));
        }
        // the same rule as for collection subscribers: strangers stay for now, the roster check decides after commit
        return leafReaders(tx, node).map(readers -> {
            List<Subscription> kept = reachable.stream().filter(s -> readers.may(s.jid())).toList();
            return new Checked<>(kept, readers.check());
        });
    }

    /** Collection subscribers are told of a leaf's items under the leaf's delivery options (XEP-0248 §notify). */
    private List<Recipients.Via> reachable(NodeConfig leaf, List<Recipients.Via> vias) {
        return vias.stream().map(v -> new Recipients.Via(v.collection(),
                v.subscriptions().stream().filter(s -> Reachability.reachable(leaf, s, presence)).toList())).toList();
    }

    // ------------------------------------------------------------------ requester limits (issue #9)

    /**
     * Counts a request against its requester's rate. Service admins are exempt: they act for the service (the
     * component's own JID among them publishes ingested feed entries), and a limit meant for strangers must not
     * throttle the operator.
     */
    private void limitRate(RateKey key, Jid actor, LimitedAction action) {
        if (!settings.isAdmin(actor)) requestLimits.rates().check(key, action);
    }

    /**
     * herald.limits.max-nodes-per-owner: the creator may own one more node. The count is taken under a lock on the
     * owner held to the end of the transaction, so concurrent creates by one owner (on any instance) are counted one
     * after another and cannot together pass the cap. Admins are exempt.
     */
    private Uni<Void> requireRoomForNode(StoreTx tx, Jid actor) {
        int most = requestLimits.maxNodesPerOwner();
        if (most == 0 || settings.isAdmin(actor)) return Uni.createFrom().voidItem();
        return tx.lockOwner(actor.bare())
                .chain(() -> tx.countOwnedNodes(actor.bare()))
                .invoke(owned -> {
                    if (owned >= most) {
                        throw PubSubException.of(PubSubError.MAX_NODES_EXCEEDED,
                                "you own " + owned + " nodes, the most one owner may create here is " + most);
                    }
                })
                .replaceWithVoid();
    }

    // ------------------------------------------------------------------ the template's parts

    /** Runs the work in one transaction, then emits its events: notifications leave only after the commit. */
    private <T> Uni<T> transact(Function<StoreTx, Uni<Outcome<T>>> work) {
        return transactKnowing((tx, known) -> work.apply(tx));
    }

    /**
     * Rounds of a use case that needs roster answers: the first finds the questions, the second runs with their
     * answers, a third only if the node's owners or access model changed in between; after that an unanswered
     * question counts as no relation (a clean refusal rather than an endless race).
     */
    private static final int ROSTER_ROUNDS = 2;

    /**
     * As {@link #transact}, for work whose access decision may rest on node owners' rosters (§4.5). No transaction
     * waits on the network: when the work needs a roster answer it does not have ({@link Standings.Missing}), its
     * transaction rolls back having written nothing, the answers are fetched with no transaction open, and the work
     * runs again in a fresh transaction that re-reads the node and re-checks with them.
     */
    private <T> Uni<T> transactKnowing(BiFunction<StoreTx, Standings, Uni<Outcome<T>>> work) {
        return attempt(work, new Standings(), ROSTER_ROUNDS)
                .invoke(this::emit)
                .map(Outcome::value);
    }

    private <T> Uni<Outcome<T>> attempt(BiFunction<StoreTx, Standings, Uni<Outcome<T>>> work, Standings known, int rounds) {
        if (rounds == 0) known.settle();
        // retryable: the work already runs again after a roster question, so a store may try it from its caches first
        return store.inTransactionRetryable(tx -> Uni.createFrom().deferred(() -> work.apply(tx, known)))
                .onFailure(Standings.Missing.class).recoverWithUni(missing -> known
                        .learn(relations, (Standings.Missing) missing)
                        .chain(() -> attempt(work, known, rounds - 1)));
    }

    /**
     * Emits a committed use case's events in order. Events with recipients the owners' rosters must still admit
     * (§4.5) wait for those answers, which arrive later: the use case has answered its requester by then, and the
     * events leave once the rosters answered, so a publish never waits on rosters.
     */
    private void emit(Outcome<?> outcome) {
        if (!outcome.asksRosters()) {
            outcome.events().forEach(this::emitIfAnyone);
            return;
        }
        Uni<Void> inOrder = Uni.createFrom().voidItem();
        for (Outcome.Notice n : outcome.notices()) {
            inOrder = inOrder.chain(() -> n.check().apply(relations, n.event()).invoke(this::emitIfAnyone).replaceWithVoid());
        }
        inOrder.subscribe().with(v -> { }, e -> LOG.log(System.Logger.Level.ERROR, "roster-checked notifications failed", e));
    }

    /**
     * The change is committed by now: whatever happens to its notifications, the requester must hear that it
     * succeeded, so a failing sink (which breaks its contract) is logged, never propagated.
     */
    private void emitIfAnyone(PubSubEvent event) {
        // An event no XMPP entity is to hear of still matters to sinks that follow nodes as a whole (HTTP streams).
        if (event.recipients().isEmpty() && !events.followsNodes()) return;
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
    private Uni<Node> readableItems(StoreTx tx, Standings known, Jid actor, String nodeId) {
        return requireNode(tx, nodeId)
                .call(node -> affiliation(tx, node, actor).chain(aff -> standing(tx, known, node, actor, aff)
                        .chain(st -> subscribedIfAsked(tx, node, actor, aff).invoke(subscribed ->
                                AccessPolicy.requireRead(node.config(), aff, Action.RETRIEVE_ITEMS, st, subscribed)))))
                .invoke(node -> {
                    // §6.5.9.x (retrieve-items unsupported): XEP-0248 §retrieve-errors lets a collection refuse it.
                    if (node.config().isCollection()) throw PubSubException.unsupported("retrieve-items");
                    if (!node.config().persistItems()) throw PubSubException.unsupported("persistent-items");
                });
    }

    /** A leaf that persists items; collections never hold any (XEP-0248 §collection-nodes). */
    private static boolean keepsItems(Node node) {
        return !node.config().isCollection() && node.config().persistItems();
    }

    /** Whether a node is listed to the requester in discovery: whitelist nodes only to their affiliates (§5.2). */
    private boolean listed(Jid actor, Node n, List<AffiliationEntry> mine) {
        return n.config().accessModel() != AccessModel.WHITELIST || settings.isAdmin(actor)
                || mine.stream().anyMatch(a -> a.node().equals(n.id()) && AccessPolicy.mayRead(n.config(), a.affiliation()));
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
     * subscribed), and the owners when the node says notify_sub; with no recipients when nobody is to be told
     * (node followers still hear of it: on an authorize node a subscription decides who reads).
     */
    private static SubscriptionChanged subscriptionChanged(Node node, Jid jid, String subId, SubscriptionState state,
                                                           boolean tellSubscriber, List<AffiliationEntry> affs) {
        List<Delivery> to = new ArrayList<>();
        if (tellSubscriber) to.add(new Delivery(jid));
        if (node.config().notifySub()) to.addAll(Recipients.owners(affs));
        return new SubscriptionChanged(node, jid, subId, state, Recipients.distinct(to));
    }

    private int maxItems(Node node) {
        return (int) Math.min(Integer.MAX_VALUE, node.config().effectiveMaxItems(settings.limits().maxItems()));
    }

    private Uni<Void> checkSubId(StoreTx tx, Node node, Jid actor, String subId) {
        return tx.subscriptionsOf(actor.bare(), node.id()).map(subs -> {
            if (subs.isEmpty()) throw PubSubException.of(PubSubError.NOT_SUBSCRIBED_TO_READ); // §6.5.9.3
            if (subs.stream().noneMatch(s -> s.subId().equals(subId))) {
                throw PubSubException.of(PubSubError.INVALID_SUBID); // §6.5.9.2
            }
            return null;
        });
    }

    /**
     * A new access model carries the node's subscriptions along (§4.5). Closing to strangers (whitelist) ends theirs,
     * pending ones included. Leaving "authorize", a request still pending is decided by the new model, as an owner
     * would have: approved when the requester may now subscribe (open; presence or roster when the owner's roster
     * admits them), removed when not. Each subscriber whose subscription changed is told, and owners with
     * notify_sub (§13.14, as for §8.8.4). Returns the events to emit after the commit.
     */
    private Uni<List<PubSubEvent>> followAccessModel(StoreTx tx, Standings known, Node before, Node after) {
        AccessModel was = before.config().accessModel();
        AccessModel now = after.config().accessModel();
        // Under authorize nothing needs deciding; pending subscriptions elsewhere are owner suspensions (§8.8.2).
        if (was == now || now == AccessModel.AUTHORIZE) return Uni.createFrom().item(List.of());
        boolean decidePending = was == AccessModel.AUTHORIZE;
        return tx.subscriptions(after.id()).chain(subs -> tx.affiliations(after.id()).chain(affs -> {
            List<PubSubEvent> told = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Subscription s : subs) {
                boolean pending = decidePending && s.state() == SubscriptionState.PENDING;
                if (!pending && now != AccessModel.WHITELIST) continue;
                chain = chain.chain(() -> tx.affiliation(after.id(), s.jid().bare())
                        .chain(aff -> standing(tx, known, after, s.jid(), aff).map(st -> settings.isAdmin(s.jid())
                                || AccessPolicy.mayRead(after.config(), aff, st)))
                        .chain(stays -> {
                            if (stays && !pending) return Uni.createFrom().voidItem();
                            if (!stays) {
                                told.add(subscriptionChanged(after, s.jid(), s.subId(), SubscriptionState.NONE, true, affs));
                                return tx.deleteSubscription(after.id(), s.subId());
                            }
                            Subscription approved = s.withState(SubscriptionState.SUBSCRIBED);
                            told.add(subscriptionChanged(after, s.jid(), s.subId(), SubscriptionState.SUBSCRIBED, true, affs));
                            // §6.1.7: an approved subscriber gets the last item as on an owner's approval
                            return tx.setSubscriptionState(after.id(), s.subId(), SubscriptionState.SUBSCRIBED)
                                    .chain(() -> lastItemOnSubscribe(tx, after, approved))
                                    .invoke(last -> told.addAll(last.events())).replaceWithVoid();
                        }));
            }
            return chain.map(v -> (List<PubSubEvent>) told);
        }));
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
    private Uni<Outcome<PublishResult>> storeAndDescribe(StoreTx tx, Node node, Item item, GeoReading reading) {
        NodeConfig c = node.config();
        return keep(tx, node, item).chain(kept -> geo.index(tx, node, kept.item(), reading).chain(change ->
                itemRecipients(tx, node, ItemEvent.PUBLISH, GeoPublishing.areaFilter(reading, change)).map(to -> {
                    // §7.1.2: a transient notification-only publish has no ItemID to report.
                    boolean hasId = c.persistItems() || c.deliverPayloads();
                    PublishResult result = new PublishResult(node.id(), hasId ? item.id() : null);
                    return new Outcome<>(result, new ItemsPublished(node, List.of(kept.item()), c.deliverPayloads(),
                            c.notifyRetract() ? kept.dropped() : List.of(), to.value(), false,
                            change == null ? List.of() : List.of(change),
                            reading.flagged() ? List.of(item.id()) : List.of()), to.check());
                })));
    }

    /** An item as stored, with the ids pubsub#max_items pushed out to make room for it. */
    private record Kept(StoredItem item, List<String> dropped) {
    }

    /** A node that keeps no items stores nothing: its item draws no sequence number (0, see ItemsPublished). */
    private Uni<Kept> keep(StoreTx tx, Node node, Item item) {
        NodeConfig c = node.config();
        if (!c.persistItems()) return Uni.createFrom().item(new Kept(new StoredItem(0, item), List.of()));
        return tx.putItem(item).chain(seq -> tx.trimItems(node.id(), c.effectiveMaxItems(settings.limits().maxItems()))
                .map(gone -> new Kept(new StoredItem(seq, item), gone)));
    }

    // ------------------------------------------------------------------ the node graph (XEP-0248)

    /** One link of the node graph that a use case made or removed. */
    private record Link(String child, String collection, boolean associated) {
    }

    /**
     * Checks and applies the graph part of a node's new configuration: its collections (pubsub#collection) and,
     * for a collection, its children (pubsub#children). The actor may configure {@code after} (its owner, or its
     * creator). {@code before} is null for a node being created. Returns the links made and removed.
     * Rules, XEP-0248 §configure-errors: a collection stays a collection; a leaf has no children; only a
     * collection has children, and only its owners put nodes in it (pubsub#children_association_policy
     * "owners", XEP-0248 §configure-request); no cycles. Taking a node out of a collection needs only the right
     * to configure the side that is edited.
     */
    private Uni<List<Link>> relink(StoreTx tx, Jid actor, Node before, Node after) {
        NodeConfig was = before == null ? null : before.config();
        NodeConfig now = after.config();
        if (was != null && was.isCollection() && !now.isCollection()) {
            throw graph("pubsub#node_type", "a collection cannot become a leaf"); // [error-node-type]
        }
        if (!now.isCollection() && !now.children().isEmpty()) {
            throw graph("pubsub#children", "a leaf node has no children"); // [error-children-on-leaf]
        }
        List<String> addedParents = minus(now.collection(), was == null ? List.of() : was.collection());
        List<String> removedParents = minus(was == null ? List.of() : was.collection(), now.collection());
        List<String> addedChildren = minus(now.children(), was == null ? List.of() : was.children());
        List<String> removedChildren = minus(was == null ? List.of() : was.children(), now.children());
        String id = after.id();

        // Links to add are checked against the graph as it stands; nobody else may change it meanwhile.
        Uni<Void> checks = addedParents.isEmpty() && addedChildren.isEmpty()
                ? Uni.createFrom().voidItem()
                : tx.lockGraph();
        for (String parent : addedParents) {
            checks = checks.chain(() -> tx.findNode(parent)).chain(found -> {
                Node p = found.orElseThrow(() -> PubSubException.badField(PubSubError.ITEM_NOT_FOUND,
                        "pubsub#collection", "no node " + parent));
                if (!p.config().isCollection()) {
                    throw graph("pubsub#collection", parent + " is a leaf; only collections contain nodes"); // [error-children-on-leaf]
                }
                return affiliation(tx, p, actor).invoke(aff -> {
                    if (!Permissions.may(aff, Action.CONFIGURE)) {
                        throw PubSubException.of(PubSubError.FORBIDDEN, "only owners of " + parent + " may put nodes in it"); // [error-config-not-authorized]
                    }
                }).replaceWithVoid();
            });
        }
        for (String child : addedChildren) {
            checks = checks.chain(() -> tx.findNode(child)).invoke(found -> {
                if (found.isEmpty()) throw PubSubException.badField(PubSubError.ITEM_NOT_FOUND, "pubsub#children", "no node " + child);
            }).replaceWithVoid();
        }
        if (!addedParents.isEmpty() || !addedChildren.isEmpty()) {
            // [error-collection-cycle]: everything above the node once its collections are set must not include
            // the node itself or any of its new children.
            checks = checks.chain(() -> above(tx, now.collection())).invoke(above -> {
                if (above.contains(id)) throw graph("pubsub#collection", "this would put " + id + " inside itself");
                for (String child : addedChildren) {
                    if (child.equals(id) || above.contains(child)) {
                        throw graph("pubsub#children", "putting " + child + " in " + id + " would make a cycle");
                    }
                }
            }).replaceWithVoid();
        }
        List<Link> links = new ArrayList<>();
        removedParents.forEach(p -> links.add(new Link(id, p, false)));
        removedChildren.forEach(c -> links.add(new Link(c, id, false)));
        addedParents.forEach(p -> links.add(new Link(id, p, true)));
        addedChildren.forEach(c -> links.add(new Link(c, id, true)));
        Uni<Void> apply = checks;
        for (Link l : links) {
            apply = apply.chain(() -> l.associated()
                    ? tx.associate(l.child(), l.collection())
                    : tx.dissociate(l.child(), l.collection()).replaceWithVoid());
        }
        return apply.replaceWith(links);
    }

    /** The given collections and every collection above them. */
    private static Uni<Set<String>> above(StoreTx tx, List<String> collections) {
        Uni<Set<String>> all = Uni.createFrom().item(new LinkedHashSet<>(collections));
        for (String c : collections) {
            all = all.chain(set -> tx.ancestors(c).map(up -> {
                up.forEach(a -> set.add(a.nodeId()));
                return set;
            }));
        }
        return all;
    }

    /** XEP-0248 §change-to-collection: a leaf that becomes a collection loses its items. */
    private static Uni<Void> becomeCollection(StoreTx tx, Node before, Node after) {
        return !before.config().isCollection() && after.config().isCollection()
                ? tx.purgeItems(after.id())
                : Uni.createFrom().voidItem();
    }

    /**
     * The node notifications of links made or removed (XEP-0248 §notify-associate-dissociate), for the nodes
     * subscribers of each collection and of the collections above it. Read before the change where it matters
     * (a deleted child), since who may read the child decides who hears of it.
     */
    private Uni<List<PubSubEvent>> linkEvents(StoreTx tx, List<Link> links) {
        Uni<List<PubSubEvent>> events = Uni.createFrom().item(new ArrayList<>());
        for (Link l : links) {
            events = events.chain(out -> tx.findNode(l.collection()).chain(collection -> tx.findNode(l.child())
                    .chain(child -> {
                        if (collection.isEmpty() || child.isEmpty()) return Uni.createFrom().item(out);
                        return tx.ancestors(l.collection())
                                .map(up -> {
                                    List<Ancestor> levels = new ArrayList<>();
                                    levels.add(new Ancestor(l.collection(), 1));
                                    up.forEach(a -> levels.add(new Ancestor(a.nodeId(), a.depth() + 1)));
                                    return levels;
                                })
                                .chain(levels -> vias(tx, levels))
                                .chain(vias -> readers(tx, child.get()).map(mayRead -> {
                                    out.add(new CollectionChanged(collection.get(), l.child(), l.associated(),
                                            Recipients.ofNodes(collection.get().config(), vias, mayRead, clock.instant())));
                                    return out;
                                }));
                    })));
        }
        return events;
    }

    /** What happened to a leaf's items: each kind has its own delivery rules in {@link Recipients}. */
    private enum ItemEvent { PUBLISH, RETRACT, PURGE }

    /**
     * Who hears of item events on a leaf: its subscribers and those of the collections above it (XEP-0248), with the
     * strangers among them whose right to read the leaf the owners' rosters decide after the commit (§4.5).
     */
    private Uni<Checked<List<Delivery>>> itemRecipients(StoreTx tx, Node leaf, ItemEvent kind) {
        return itemRecipients(tx, leaf, kind, AreaFilter.NONE);
    }

    /** {@link #itemRecipients}, with area subscriptions told of a publish as {@code areas} says. */
    private Uni<Checked<List<Delivery>>> itemRecipients(StoreTx tx, Node leaf, ItemEvent kind, AreaFilter areas) {
        Instant now = clock.instant();
        return tx.subscriptions(leaf.id()).chain(all -> deliverable(tx, leaf, all)).chain(direct -> ancestors(tx, leaf)
                .chain(up -> vias(tx, up))
                .map(vias -> reachable(leaf.config(), vias))
                .chain(vias -> (vias.isEmpty() ? Uni.createFrom().item(LeafReaders.NOBODY) : leafReaders(tx, leaf))
                        .map(readers -> {
                            List<Delivery> to = switch (kind) {
                                case PUBLISH -> Recipients.ofPublish(leaf.config(), direct.value(), vias, readers::may, now, areas);
                                case RETRACT -> Recipients.ofRetract(leaf.config(), direct.value(), vias, readers::may, now);
                                case PURGE -> Recipients.ofPurge(leaf.config(), direct.value(), vias, readers::may, now);
                            };
                            // read after Recipients asked: only the strangers it let through are checked
                            return new Checked<>(to, direct.check().plus(readers.check()));
                        })));
    }

    /**
     * The collections above a node. Its configuration already lists its direct parents, so a node outside every
     * collection (the common case) costs the publish no graph query.
     */
    private static Uni<List<Ancestor>> ancestors(StoreTx tx, Node node) {
        return node.config().collection().isEmpty() ? Uni.createFrom().item(List.of()) : tx.ancestors(node.id());
    }

    private Uni<LeafReaders> leafReaders(StoreTx tx, Node leaf) {
        return tx.affiliations(leaf.id()).map(entries -> LeafReaders.of(leaf.config(), entries, settings::isAdmin));
    }

    /** The subscriptions at each of these collections, one read after another. */
    private static Uni<List<Recipients.Via>> vias(StoreTx tx, List<Ancestor> collections) {
        Uni<List<Recipients.Via>> all = Uni.createFrom().item(new ArrayList<>());
        for (Ancestor a : collections) {
            all = all.chain(out -> tx.subscriptions(a.nodeId()).map(subs -> {
                out.add(new Recipients.Via(a, subs));
                return out;
            }));
        }
        return all;
    }

    /** Who may read the node: by affiliation under its access model (§4.5), service admins always. */
    private Uni<Predicate<Jid>> readers(StoreTx tx, Node node) {
        return tx.affiliations(node.id()).map(entries -> {
            Map<Jid, Affiliation> byJid = new HashMap<>();
            entries.forEach(e -> byJid.put(e.jid().bare(), e.affiliation()));
            return jid -> settings.isAdmin(jid)
                    || AccessPolicy.mayRead(node.config(), byJid.getOrDefault(jid.bare(), Affiliation.NONE));
        });
    }

    private static PubSubException graph(String field, String text) {
        return PubSubException.badField(PubSubError.INVALID_NODE_GRAPH, field, text);
    }

    private static List<String> minus(List<String> a, List<String> b) {
        return a.stream().filter(x -> !b.contains(x)).toList();
    }

    private static String checkId(String id, PubSubError ifMissing) {
        if (id == null || id.isEmpty()) throw PubSubException.of(ifMissing);
        if (id.length() > MAX_ID_LENGTH) throw PubSubException.of(PubSubError.NOT_ACCEPTABLE, "identifier longer than " + MAX_ID_LENGTH);
        // Ids travel in XMPP attributes (and PostgreSQL text refuses NUL): only XML 1.0 characters (§2.2).
        if (XmlChars.indexOfForbidden(id) >= 0) {
            throw PubSubException.of(PubSubError.BAD_REQUEST, "identifier holds a character XML cannot carry");
        }
        return id;
    }
}
