package org.herald.service;

import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.herald.domain.Jid;
import org.herald.domain.RosterEntry;
import org.herald.service.port.PresenceView;
import org.herald.service.port.Relations;

/** Rosters and presence held in maps, for tests of the core; counts roster questions asked. */
final class InMemoryRelations implements Relations, PresenceView {
    private final Map<Jid, Map<Jid, RosterEntry>> rosters = new ConcurrentHashMap<>();
    private final Map<Jid, Map<String, String>> online = new ConcurrentHashMap<>();

    /** The owner's roster holds the contact with this subscription state ("none", "to", "from", "both") and groups. */
    void roster(Jid owner, Jid contact, String subscription, String... groups) {
        boolean presence = subscription.equals("from") || subscription.equals("both");
        rosters.computeIfAbsent(owner.bare(), k -> new ConcurrentHashMap<>())
                .put(contact.bare(), new RosterEntry(presence, Set.of(groups)));
    }

    void removeFromRoster(Jid owner, Jid contact) {
        rosters.getOrDefault(owner.bare(), Map.of()).remove(contact.bare());
    }

    void available(Jid full, String show) {
        online.computeIfAbsent(full.bare(), k -> new ConcurrentHashMap<>()).put(full.resource(), show);
    }

    void unavailable(Jid full) {
        online.getOrDefault(full.bare(), new ConcurrentHashMap<>()).remove(full.resource());
    }

    @Override
    public Uni<RosterEntry> contact(Jid owner, Jid contact) {
        return Uni.createFrom().item(rosters.getOrDefault(owner.bare(), Map.of()).getOrDefault(contact.bare(), RosterEntry.NONE));
    }

    @Override
    public Set<String> shows(Jid jid) {
        Map<String, String> r = online.getOrDefault(jid.bare(), Map.of());
        if (jid.isBare()) return Set.copyOf(r.values());
        String s = r.get(jid.resource());
        return s == null ? Set.of() : Set.of(s);
    }
}
