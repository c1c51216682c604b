package org.herald.domain;

/** What an entity may try to do to a node: the columns of the permission table (XEP-0060 §4.1). */
public enum Action {
    SUBSCRIBE,
    RETRIEVE_ITEMS,
    PUBLISH,
    RETRACT_OWN_ITEM,
    RETRACT_ANY_ITEM,
    PURGE,
    CONFIGURE,
    DELETE,
    MANAGE_AFFILIATIONS,
    MANAGE_SUBSCRIPTIONS
}
