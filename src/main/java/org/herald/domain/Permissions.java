package org.herald.domain;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The permission table affiliation × action of XEP-0060 §4.1, as data. Anything not granted here is denied.
 * Access and publish models do not change this table; they change which affiliation a stranger is treated as
 * (see {@link AccessPolicy}).
 */
public final class Permissions {

    private static final Map<Affiliation, Set<Action>> TABLE = new EnumMap<>(Affiliation.class);

    static {
        TABLE.put(Affiliation.OWNER, EnumSet.allOf(Action.class));
        // §4.1: publishers may delete any item (the "Yes *" note allows it; Herald does, like most services)
        // and purge the node.
        TABLE.put(Affiliation.PUBLISHER, EnumSet.of(Action.SUBSCRIBE, Action.RETRIEVE_ITEMS, Action.PUBLISH,
                Action.RETRACT_OWN_ITEM, Action.RETRACT_ANY_ITEM, Action.PURGE));
        // §4.1 note: publish-only SHOULD be allowed to delete only the items it published itself.
        TABLE.put(Affiliation.PUBLISH_ONLY, EnumSet.of(Action.PUBLISH, Action.RETRACT_OWN_ITEM));
        TABLE.put(Affiliation.MEMBER, EnumSet.of(Action.SUBSCRIBE, Action.RETRIEVE_ITEMS));
        TABLE.put(Affiliation.NONE, EnumSet.of(Action.SUBSCRIBE));
        TABLE.put(Affiliation.OUTCAST, EnumSet.noneOf(Action.class));
    }

    private Permissions() {
    }

    /** Whether an entity with this (effective) affiliation may perform the action. Default deny. */
    public static boolean may(Affiliation affiliation, Action action) {
        Set<Action> granted = TABLE.get(affiliation);
        return granted != null && granted.contains(action);
    }
}
