package org.herald.domain;

/**
 * How a node's access and publish models widen or narrow what its affiliation table grants
 * (XEP-0060 §4.5 access models, §16.4.4 pubsub#publish_model).
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    /**
     * The affiliation an entity is treated as for reading (subscribe, retrieve items) under the node's
     * access model. Under "open" a stranger reads like a member (§4.5: "any entity may retrieve items").
     */
    public static Affiliation effective(NodeConfig config, Affiliation stored) {
        if (stored == Affiliation.NONE && config.accessModel() == AccessModel.OPEN) {
            return Affiliation.MEMBER;
        }
        return stored;
    }

    /**
     * Checks that an entity may read the node (subscribe or retrieve items) and says why not.
     * Outcasts are forbidden (§6.1.3.8); strangers to a whitelist node meet a closed node (§6.1.3.5, §6.5.9.4).
     */
    public static void requireRead(NodeConfig config, Affiliation stored, Action action) {
        Affiliation eff = effective(config, stored);
        if (Permissions.may(eff, action)) return;
        if (eff == Affiliation.OUTCAST) throw PubSubException.of(PubSubError.FORBIDDEN, "you are banned from this node");
        if (config.accessModel() == AccessModel.WHITELIST && eff == Affiliation.NONE) {
            throw PubSubException.of(PubSubError.CLOSED_NODE, "this node is open to its whitelist only");
        }
        throw PubSubException.of(PubSubError.FORBIDDEN);
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
}
