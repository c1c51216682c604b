package org.herald.service;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.herald.domain.AccessPolicy;
import org.herald.domain.Affiliation;
import org.herald.domain.AffiliationEntry;
import org.herald.domain.Jid;
import org.herald.domain.NodeConfig;

/**
 * Who among an event's would-be recipients may read the node (§4.5; for collection subscribers of a leaf,
 * XEP-0248 §security-access): by affiliation under its access model, service admins always. On presence and
 * roster nodes a stranger is let through for now and noted; the {@link RosterCheck} after the commit keeps it only
 * if an owner's roster admits it, so no transaction waits on an owner's server.
 *
 * <p>Collects strangers as {@link #may} is asked: one instance per event, read {@link #check()} afterwards.
 */
final class LeafReaders {
    static final LeafReaders NOBODY = new LeafReaders(null, List.of(), Map.of(), jid -> false);

    private final NodeConfig config;
    private final List<Jid> owners;
    private final Map<Jid, Affiliation> affiliations;
    private final Predicate<Jid> admin;
    private final Set<Jid> strangers = new LinkedHashSet<>();

    private LeafReaders(NodeConfig config, List<Jid> owners, Map<Jid, Affiliation> affiliations, Predicate<Jid> admin) {
        this.config = config;
        this.owners = owners;
        this.affiliations = affiliations;
        this.admin = admin;
    }

    /** The readers of a node with this configuration and these affiliations. */
    static LeafReaders of(NodeConfig config, List<AffiliationEntry> entries, Predicate<Jid> admin) {
        Map<Jid, Affiliation> byJid = new HashMap<>();
        entries.forEach(e -> byJid.put(e.jid().bare(), e.affiliation()));
        List<Jid> owners = entries.stream().filter(e -> e.affiliation() == Affiliation.OWNER)
                .map(AffiliationEntry::jid).toList();
        return new LeafReaders(config, owners, byJid, admin);
    }

    boolean may(Jid jid) {
        if (config == null) return false;
        if (admin.test(jid)) return true;
        Affiliation aff = affiliations.getOrDefault(jid.bare(), Affiliation.NONE);
        if (aff == Affiliation.NONE && AccessPolicy.asksRoster(config)) {
            strangers.add(jid.bare());
            return true;
        }
        return AccessPolicy.mayRead(config, aff);
    }

    RosterCheck check() {
        return strangers.isEmpty() ? RosterCheck.NONE : new RosterCheck(config, owners, strangers);
    }
}
