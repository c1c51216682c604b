package org.herald.domain;

/**
 * The errors of the core, named after XEP-0060's conditions (§7 error cases of each use case and §14).
 * Each front-end owns exactly one table that puts these on its wire.
 */
public enum PubSubError {
    BAD_REQUEST,
    CONFLICT,
    FORBIDDEN,
    ITEM_NOT_FOUND,
    NOT_ALLOWED,
    NOT_ACCEPTABLE,
    FEATURE_NOT_IMPLEMENTED,
    SERVICE_UNAVAILABLE,
    INTERNAL_SERVER_ERROR,
    RESOURCE_CONSTRAINT,
    /** access model whitelist: requester is not on the list (§6.1.3.4, §6.5.9.8) */
    CLOSED_NODE,
    /** access model presence: the requester does not receive the owner's presence (§6.1.3.2, §6.5.9.6) */
    PRESENCE_SUBSCRIPTION_REQUIRED,
    /** access model roster: the requester is in none of the allowed roster groups (§6.1.3.3, §6.5.9.7) */
    NOT_IN_ROSTER_GROUP,
    INVALID_JID,
    /** an options request names no subscriber JID (§6.3.4.3) */
    JID_REQUIRED,
    INVALID_PAYLOAD,
    INVALID_SUBID,
    ITEM_FORBIDDEN,
    ITEM_REQUIRED,
    NODEID_REQUIRED,
    NOT_SUBSCRIBED,
    PAYLOAD_REQUIRED,
    PAYLOAD_TOO_BIG,
    PRECONDITION_NOT_MET,
    SUBID_REQUIRED,
    /** a configuration or options form failed validation; the exception names the field */
    INVALID_OPTIONS,
    MAX_ITEMS_EXCEEDED,
    /**
     * XEP-0248: a change to the node graph the service must refuse — a cycle, a leaf as a parent or with children,
     * a collection turned back into a leaf (not-allowed with invalid-options).
     */
    INVALID_NODE_GRAPH,
    /** the requester already has a subscription awaiting an owner's approval (§6.1.3.7) */
    PENDING_SUBSCRIPTION,
    /** the node gives items to subscribers only and the requester is not subscribed, or still pending (§6.5.9.3) */
    NOT_SUBSCRIBED_TO_READ,
    /**
     * The requester sent more publish, subscribe or create requests than its rate allows (herald.limits.*);
     * {@link PubSubException#retryAfter()} says when it may try again (issue #9).
     */
    RATE_LIMITED,
    /** The requester already owns as many nodes as herald.limits.max-nodes-per-owner allows (§8.1.3, pubsub#errors). */
    MAX_NODES_EXCEEDED
}
