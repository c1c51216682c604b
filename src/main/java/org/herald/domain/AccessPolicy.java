package org.herald.domain;

import java.util.Collections;

/**
 * How a node's access and publish models widen or narrow what its affiliation table grants
 * (XEP-0060 §4.5 access models, §17.4.4 pubsub#publish_model).
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    /**
     * The affiliation an entity is treated as for reading (subscribe, retrieve items) under the node's
     * access model. Under "open" a stranger reads like a member (§4.5: "any entity may retrieve items"); so does,
     * under "presence", a stranger who receives the owner's presence (subscription "from" or "both") and, under
     * "roster", one the owner keeps in an allowed roster group (pubsub#roster_groups_allowed).
     *
     * @param standing how the node owner's roster holds the entity ({@link RosterEntry#NONE} when unknown)
     */
    public static Affiliation effective(NodeConfig config, Affiliation stored, RosterEntry standing) {
        if (stored != Affiliation.NONE) return stored;
        return switch (config.accessModel()) {
            case OPEN -> Affiliation.MEMBER;
            case PRESENCE -> standing.presenceSubscribed() ? Affiliation.MEMBER : Affiliation.NONE;
            case ROSTER -> inAllowedGroup(config, standing) ? Affiliation.MEMBER : Affiliation.NONE;
            case AUTHORIZE, WHITELIST -> Affiliation.NONE;
        };
    }

    /** {@link #effective(NodeConfig, Affiliation, RosterEntry)} for an entity the owner's roster does not hold. */
    public static Affiliation effective(NodeConfig config, Affiliation stored) {
        return effective(config, stored, RosterEntry.NONE);
    }

    /** Whether the access model asks the owner's roster about strangers (and so needs {@link RosterEntry}s). */
    public static boolean asksRoster(NodeConfig config) {
        return config.accessModel() == AccessModel.PRESENCE || config.accessModel() == AccessModel.ROSTER;
    }

    /**
     * Checks that an entity may read the node (subscribe or retrieve items) and says why not.
     * Outcasts are blocked: forbidden (§6.1.3.8); strangers to a whitelist node meet a closed node (§6.1.3.4, §6.5.9.8);
     * strangers to a presence or roster node are not authorized (§6.1.3.2, §6.1.3.3, §6.5.9.6, §6.5.9.7).
     */
    public static void requireRead(NodeConfig config, Affiliation stored, Action action) {
        requireRead(config, stored, action, RosterEntry.NONE, false);
    }

    /**
     * As {@link #requireRead(NodeConfig, Affiliation, Action)}, knowing whether the entity holds an active
     * subscription: under "authorize" that is what lets an unaffiliated entity retrieve items (§4.5: "only
     * subscribers may retrieve items"); without one it is not-authorized (§6.5.9.3), pending included.
     */
    public static void requireRead(NodeConfig config, Affiliation stored, Action action, boolean subscribed) {
        requireRead(config, stored, action, RosterEntry.NONE, subscribed);
    }

    /** As {@link #requireRead(NodeConfig, Affiliation, Action)}, knowing how the owner's roster holds the entity. */
    public static void requireRead(NodeConfig config, Affiliation stored, Action action, RosterEntry standing) {
        requireRead(config, stored, action, standing, false);
    }

    public static void requireRead(NodeConfig config, Affiliation stored, Action action, RosterEntry standing,
                                   boolean subscribed) {
        Affiliation eff = effective(config, stored, standing);
        if (eff == Affiliation.NONE) {
            // The table lets "none" subscribe; these access models take that back from everyone they do not admit.
            switch (config.accessModel()) {
                case WHITELIST -> throw PubSubException.of(PubSubError.CLOSED_NODE, "this node is open to its whitelist only");
                case PRESENCE -> throw PubSubException.of(PubSubError.PRESENCE_SUBSCRIPTION_REQUIRED,
                        "this node is open to those who receive its owner's presence");
                case ROSTER -> throw PubSubException.of(PubSubError.NOT_IN_ROSTER_GROUP,
                        "this node is open to some of its owner's roster groups only");
                default -> {
                }
            }
        }
        if (Permissions.may(eff, action)) return;
        if (eff == Affiliation.OUTCAST) throw PubSubException.of(PubSubError.FORBIDDEN, "you are banned from this node");
        if (eff == Affiliation.NONE && action == Action.RETRIEVE_ITEMS && config.accessModel() == AccessModel.AUTHORIZE) {
            if (subscribed) return;
            throw PubSubException.of(PubSubError.NOT_SUBSCRIBED_TO_READ, "only approved subscribers may retrieve items");
        }
        throw PubSubException.of(PubSubError.FORBIDDEN);
    }

    /**
     * Whether a subscription request needs an owner's approval (§4.5 authorize, §6.1.4). Entities whose affiliation
     * already lets them read (owners, publishers, members) subscribe at once, as §6.1.4 allows service policy to.
     */
    public static boolean needsApproval(NodeConfig config, Affiliation stored) {
        return config.accessModel() == AccessModel.AUTHORIZE && !Permissions.may(stored, Action.RETRIEVE_ITEMS);
    }

    /** Whether an entity may subscribe and read items under the node's access model. */
    public static boolean mayRead(NodeConfig config, Affiliation stored, RosterEntry standing) {
        return Permissions.may(effective(config, stored, standing), Action.RETRIEVE_ITEMS);
    }

    /** Whether an entity with this stored affiliation (and no roster relation) may read the node. */
    public static boolean mayRead(NodeConfig config, Affiliation stored) {
        return mayRead(config, stored, RosterEntry.NONE);
    }

    /**
     * Whether an entity with this affiliation may hold a subscription at all: outcasts and publish-only never, and
     * strangers to a whitelist node neither. Under "authorize" an unaffiliated entity keeps what an owner approved;
     * under "presence" and "roster" the owner's roster decides at each notification.
     */
    public static boolean maySubscribe(NodeConfig config, Affiliation stored) {
        Affiliation eff = effective(config, stored);
        if (eff == Affiliation.NONE && config.accessModel() == AccessModel.WHITELIST) return false;
        return Permissions.may(eff, Action.SUBSCRIBE);
    }

    /** Whether an entity may publish under the node's publish model (§7.1.3.1). */
    public static boolean mayPublish(NodeConfig config, Affiliation stored, boolean subscribed) {
        if (stored == Affiliation.OUTCAST) return false;
        if (Permissions.may(stored, Action.PUBLISH)) return true;
        return switch (config.publishModel()) {
            case PUBLISHERS -> false;
            case SUBSCRIBERS -> subscribed;
            case OPEN -> true;
        };
    }

    private static boolean inAllowedGroup(NodeConfig config, RosterEntry standing) {
        return !Collections.disjoint(config.rosterGroupsAllowed(), standing.groups());
    }
}
