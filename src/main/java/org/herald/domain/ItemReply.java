package org.herald.domain;

/**
 * XEP-0060 §13.17 pubsub#itemreply: with whom replies to an item are associated. Herald tells it on the wire
 * through the 'publisher' attribute of items (§7.1.2 "Item Publisher"): only {@link #PUBLISHER} stamps it.
 */
public enum ItemReply implements WireValue {
    /** Replies go to the node owner(s), whom the node's meta-data form names (pubsub#owner); items carry no publisher. */
    OWNER("owner"),
    /** Replies go to the item's publisher: every item, in notifications and in every retrieval, names it. */
    PUBLISHER("publisher"),
    /** No association: items carry no publisher. */
    NONE("none");

    private final String wire;

    ItemReply(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
