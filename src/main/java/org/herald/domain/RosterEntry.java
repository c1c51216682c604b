package org.herald.domain;

import java.util.Set;

/**
 * What a node owner's roster says about one contact (RFC 6121 §2.1.2), as far as the §4.5 access models ask.
 *
 * @param presenceSubscribed the contact receives the owner's presence: the owner's roster item has subscription
 *                           "from" or "both" (XEP-0060 §4.5 "presence" access model)
 * @param groups the owner's roster groups the contact is in ("roster" access model)
 */
public record RosterEntry(boolean presenceSubscribed, Set<String> groups) {

    /** Not in the roster at all, or nothing known about it. */
    public static final RosterEntry NONE = new RosterEntry(false, Set.of());

    public RosterEntry {
        groups = Set.copyOf(groups);
    }

    /** The relation of a contact to several owners at once: any owner's relation counts. */
    public RosterEntry merge(RosterEntry other) {
        if (other == NONE) return this;
        if (this == NONE) return other;
        java.util.Set<String> all = new java.util.HashSet<>(groups);
        all.addAll(other.groups);
        return new RosterEntry(presenceSubscribed || other.presenceSubscribed, all);
    }
}
