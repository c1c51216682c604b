package org.herald.service;

import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
import org.herald.domain.RosterEntry;
import org.herald.domain.SendLastPublishedItem;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionState;
import org.herald.service.config.NodeConfigForm;
import org.herald.service.event.Delivery;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.LastPublishedItem;
import org.herald.service.event.ItemsRetracted;
import org.herald.service.event.NodeConfigured;
import org.herald.service.event.NodeDeleted;
import org.herald.service.event.NodePurged;
import org.herald.service.event.PubSubEvent;
import org.herald.service.port.EventSink;
import org.herald.service.port.PresenceView;
import org.herald.service.port.PubSubStore;
import org.herald.service.port.Relations;
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
    private final Relations relations;
    private final PresenceView presence;

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
        this.store = store;
        this.events = events;
        this.settings = settings;
        this.configForm = new NodeConfigForm(settings.limits());
        this.clock = clock;
        this.ids = ids;
        this.relations = relations;
        this.presence = presence;
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
                            .chain(subs -> recipients(tx, changed, subs))
                            .map(to -> new Outcome<>(changed, changed.config().notifyConfig()
                                    // §8.2.5.4: payload-carrying nodes get the form, others an empty element.
                                    ? new NodeConfigured(changed, changed.config().deliverPayloads(), to)
                                    : null));
                }));
    }

    /** §8.4: the owner deletes a node; subscribers hear of it when notify_delete is on (§8.4.2). */
    public Uni<Void> delete(Jid actor, String nodeId, String redirect) {
        return transact(tx -> lockNode(tx, nodeId)
                .call(node -> require(tx, node, actor, Action.DELETE))
                .chain(node -> tx.subscriptions(nodeId)
                        .chain(subs -> recipients(tx, node, subs))
                        .call(to -> tx.deleteNode(nodeId))
                        .map(to -> new Outcome<Void>(null, node.config().notifyDelete()
                                ? new NodeDeleted(node, redirect, to)
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
                            .chain(subs -> recipients(tx, node, subs))
                            // §8.5.2: one purge notification, when the node notifies item deletion.
                            .map(to -> new Outcome<Void>(null, node.config().notifyRetract()
                                    ? new NodePurged(node, to)
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
     * §8.9.2: the owner changes affiliations. All changes apply or none (§8.9.2.4). Outcasts lose their
     * subscriptions; on a whitelist node so does anyone put back to none, so nobody keeps reading who may not.
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
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Map.Entry<Jid, Affiliation> c : changes.entrySet()) {
                        Jid bare = c.getKey().bare();
                        Affiliation a = c.getValue();
                        chain = chain.chain(() -> tx.setAffiliation(nodeId, bare, a));
                        // On presence and roster nodes "none" may still read through the owner's roster, which
                        // every notification checks again (§4.5); only outcasts lose their subscriptions here.
                        boolean rosterDecides = a == Affiliation.NONE && AccessPolicy.asksRoster(node.config());
                        if (!AccessPolicy.mayRead(node.config(), a) && !rosterDecides) {
                            chain = chain.chain(() -> dropSubscriptions(tx, nodeId, bare));
                        }
                    }
                    return chain;
                }))
                .map(v -> Outcome.quiet(null)));
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
                        .chain(deleted -> tx.subscriptions(nodeId)
                                .chain(subs -> recipients(tx, node, subs))
                                .map(to -> {
                                    boolean tell = notify != null ? notify : node.config().notifyRetract();
                                    return new Outcome<Void>(null, tell ? new ItemsRetracted(node, deleted, to) : null);
                                }))));
    }

    // ------------------------------------------------------------------ subscriber use cases (§6)

    /**
     * §6.1: subscribe {@code jid} (bare or full) to a node. One JID holds one subscription per node: asking again
     * returns the existing one rather than piling up duplicates.
     */
    public Uni<Subscription> subscribe(Jid actor, String nodeId, Jid jid) {
        return transact(tx -> {
            // §6.1.3.1: nobody subscribes someone else (service admins excepted).
            if (!jid.bare().equals(actor.bare()) && !settings.isAdmin(actor)) {
                throw PubSubException.of(PubSubError.INVALID_JID, "the JID to subscribe must be your own");
            }
            return requireNode(tx, nodeId)
                    .call(node -> requireRead(tx, node, actor, Action.SUBSCRIBE).invoke(() -> {
                        if (!node.config().subscribe()) throw PubSubException.unsupported("subscribe"); // §6.1.3.10
                    }))
                    .chain(node -> tx.subscriptionsOf(jid.bare(), nodeId).chain(existing -> {
                        Optional<Subscription> same = existing.stream().filter(s -> s.jid().equals(jid)).findFirst();
                        if (same.isPresent()) return lastItemOnSubscribe(tx, node, same.get());
                        Subscription s = new Subscription(nodeId, jid, ids.get(), SubscriptionState.SUBSCRIBED, clock.instant());
                        return tx.insertSubscription(s).chain(() -> lastItemOnSubscribe(tx, node, s));
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
                    .chain(node -> tx.subscriptionsOf(jid.bare(), nodeId))
                    .chain(all -> {
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
                        return tx.deleteSubscription(nodeId, target.subId());
                    })
                    .map(v -> Outcome.quiet(null));
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
                .chain(node -> mayRead(tx, node, actor)
                        .map(readable -> Outcome.quiet(new NodeView(node, readable)))));
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

    // ------------------------------------------------------------------ presence (§6.1.7, §13.6)

    /**
     * A subscriber's resource became available (its first available presence after being unavailable), with its
     * {@code show} ("online" for none). Nodes configured send_last_published_item = on_sub_and_presence send it
     * their newest item (§6.1.7, §17.4.4), if its subscription still lets it read and its show-values admit this
     * presence. Each node's item goes to the resource that came online, not to all of the user's resources.
     */
    public Uni<Void> available(Jid resource, String show) {
        if (resource.isBare()) return Uni.createFrom().voidItem();
        return store.inTransaction(tx -> tx.subscriptionsOf(resource.bare(), null).chain(subs -> {
                    Map<String, List<Subscription>> byNode = new LinkedHashMap<>();
                    for (Subscription s : subs) {
                        if (s.isActive() && (s.jid().isBare() || s.jid().equals(resource))
                                && s.options().deliver() && Reachability.showMatches(s, show)) {
                            byNode.computeIfAbsent(s.node(), k -> new ArrayList<>()).add(s);
                        }
                    }
                    Uni<List<PubSubEvent>> chain = Uni.createFrom().item(new ArrayList<>());
                    for (String nodeId : byNode.keySet()) {
                        chain = chain.chain(found -> lastItemOnPresence(tx, nodeId, resource)
                                .map(e -> {
                                    if (e != null) found.add(e);
                                    return found;
                                }));
                    }
                    return chain;
                }))
                .invoke(found -> found.forEach(this::emit))
                .replaceWithVoid();
    }

    /**
     * The users whose presence decides deliveries (bare JIDs): active subscribers of nodes with presence-based
     * delivery (§13.6) or send_last_published_item = on_sub_and_presence, and subscribers with show-values.
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
                chain = chain.chain(() -> tx.subscriptions(n.id()).invoke(subs -> subs.stream()
                        .filter(s -> s.isActive() && (nodeWatches || !s.options().showValues().isEmpty()))
                        .forEach(s -> watched.add(s.jid().bare()))).replaceWithVoid());
            }
            return chain.map(v -> watched);
        }));
    }

    /** The last item for a resource that came online, or null when the node does not send one to it. */
    private Uni<PubSubEvent> lastItemOnPresence(StoreTx tx, String nodeId, Jid resource) {
        return tx.findNode(nodeId).chain(found -> {
            if (found.isEmpty()) return Uni.createFrom().nullItem();
            Node node = found.get();
            NodeConfig c = node.config();
            if (c.sendLastPublishedItem() != SendLastPublishedItem.ON_SUB_AND_PRESENCE) return Uni.createFrom().nullItem();
            // The roster may have changed since the subscription: the access model holds on this path too.
            return mayRead(tx, node, resource).chain(may -> may
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

    /** The node's newest item for one recipient, or null when the node keeps or delivers none. */
    private Uni<PubSubEvent> lastItem(StoreTx tx, Node node, Jid to) {
        NodeConfig c = node.config();
        // Herald keeps no last item of transient nodes (§13.5 caching is optional); nothing to send then.
        if (!c.persistItems() || !c.deliverNotifications()) return Uni.createFrom().nullItem();
        return tx.items(node.id(), 1).map(items -> items.isEmpty() ? null
                : new LastPublishedItem(node, items.get(0), c.deliverPayloads(), List.of(new Delivery(to))));
    }

    // ------------------------------------------------------------------ access under the §4.5 models

    /** Refuses an actor who may not read the node (subscribe, retrieve items) under its access model. */
    private Uni<Void> requireRead(StoreTx tx, Node node, Jid actor, Action action) {
        return affiliation(tx, node, actor).chain(aff -> standing(tx, node, actor, aff)
                .invoke(st -> AccessPolicy.requireRead(node.config(), aff, action, st))
                .replaceWithVoid());
    }

    private Uni<Boolean> mayRead(StoreTx tx, Node node, Jid actor) {
        return affiliation(tx, node, actor).chain(aff -> standing(tx, node, actor, aff)
                .map(st -> AccessPolicy.mayRead(node.config(), aff, st)));
    }

    /**
     * §4.5: how the node owners' rosters hold the actor. Asked only about strangers (affiliation none) to presence
     * and roster nodes; with several owners, any owner's roster counts.
     */
    private Uni<RosterEntry> standing(StoreTx tx, Node node, Jid actor, Affiliation aff) {
        if (aff != Affiliation.NONE || !AccessPolicy.asksRoster(node.config())) {
            return Uni.createFrom().item(RosterEntry.NONE);
        }
        return tx.affiliations(node.id()).chain(all -> standingWith(owners(all), actor.bare()));
    }

    private Uni<RosterEntry> standingWith(List<Jid> owners, Jid contact) {
        Uni<RosterEntry> merged = Uni.createFrom().item(RosterEntry.NONE);
        for (Jid owner : owners) {
            merged = merged.chain(sofar -> relations.contact(owner, contact).map(sofar::merge));
        }
        return merged;
    }

    private static List<Jid> owners(List<AffiliationEntry> all) {
        return all.stream().filter(a -> a.affiliation() == Affiliation.OWNER).map(AffiliationEntry::jid).toList();
    }

    /**
     * Who hears of an event: active subscribers whose presence lets it through (§13.6, show-values) and who may
     * still read the node. On presence and roster nodes a stranger's right to read comes from the owner's roster,
     * which can change after the subscription, so it is checked again for every notification (§4.5).
     */
    private Uni<List<Delivery>> recipients(StoreTx tx, Node node, List<Subscription> subs) {
        NodeConfig c = node.config();
        if (!c.deliverNotifications() || subs.isEmpty()) return Uni.createFrom().item(List.of());
        if (!AccessPolicy.asksRoster(c)) {
            return Uni.createFrom().item(Recipients.of(c, subs, s -> Reachability.reachable(c, s, presence)));
        }
        return tx.affiliations(node.id()).chain(all -> {
            Map<Jid, Affiliation> affs = new HashMap<>();
            all.forEach(a -> affs.put(a.jid(), a.affiliation()));
            List<Jid> owners = owners(all);
            Set<Jid> admitted = new HashSet<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Jid bare : subs.stream().map(s -> s.jid().bare()).distinct().toList()) {
                Affiliation aff = settings.isAdmin(bare) ? Affiliation.OWNER : affs.getOrDefault(bare, Affiliation.NONE);
                if (aff != Affiliation.NONE) {
                    if (AccessPolicy.mayRead(c, aff)) admitted.add(bare);
                    continue;
                }
                chain = chain.chain(() -> standingWith(owners, bare).invoke(st -> {
                    if (AccessPolicy.mayRead(c, aff, st)) admitted.add(bare);
                }).replaceWithVoid());
            }
            return chain.map(v -> Recipients.of(c, subs,
                    s -> admitted.contains(s.jid().bare()) && Reachability.reachable(c, s, presence)));
        });
    }

    // ------------------------------------------------------------------ the template's parts

    /** Runs the work in one transaction, then emits its event: notifications leave only after the commit. */
    private <T> Uni<T> transact(Function<StoreTx, Uni<Outcome<T>>> work) {
        return store.inTransaction(tx -> Uni.createFrom().deferred(() -> work.apply(tx)))
                .invoke(o -> {
                    if (o.event() != null && !o.event().recipients().isEmpty()) emit(o.event());
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
                .call(node -> requireRead(tx, node, actor, Action.RETRIEVE_ITEMS))
                .invoke(node -> {
                    if (!node.config().persistItems()) throw PubSubException.unsupported("persistent-items");
                });
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

    private Uni<Void> dropSubscriptions(StoreTx tx, String nodeId, Jid bare) {
        return tx.subscriptionsOf(bare, nodeId).chain(subs -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Subscription s : subs) chain = chain.chain(() -> tx.deleteSubscription(nodeId, s.subId()));
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
            return dropped.chain(gone -> tx.subscriptions(nodeId).chain(subs -> recipients(tx, node, subs)).map(to -> {
                // §7.1.2: a transient notification-only publish has no ItemID to report.
                boolean hasId = c.persistItems() || c.deliverPayloads();
                PublishResult result = new PublishResult(nodeId, hasId ? item.id() : null);
                return new Outcome<>(result, new ItemsPublished(node, List.of(item), c.deliverPayloads(),
                        c.notifyRetract() ? gone : List.of(), to));
            }));
        }
    }

    private static String checkId(String id, PubSubError ifMissing) {
        if (id == null || id.isEmpty()) throw PubSubException.of(ifMissing);
        if (id.length() > MAX_ID_LENGTH) throw PubSubException.of(PubSubError.NOT_ACCEPTABLE, "identifier longer than " + MAX_ID_LENGTH);
        return id;
    }
}
