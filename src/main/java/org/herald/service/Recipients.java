package org.herald.service;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.herald.domain.Affiliation;
import org.herald.domain.AffiliationEntry;
import org.herald.domain.Jid;
import org.herald.domain.NodeConfig;
import org.herald.domain.Subscription;
import org.herald.service.event.Delivery;

/** Who is told about an event on a node (XEP-0060 §13.3). */
final class Recipients {
    private Recipients() {
    }

    /** One delivery per JID with an active subscription; pending subscriptions get nothing (§4.2). */
    static List<Delivery> of(NodeConfig config, List<Subscription> subscriptions) {
        if (!config.deliverNotifications()) return List.of();
        Set<Jid> seen = new LinkedHashSet<>();
        for (Subscription s : subscriptions) {
            if (s.isActive()) seen.add(s.jid());
        }
        return seen.stream().map(Delivery::new).toList();
    }

    /** The node's owners, at their bare JIDs (§8.6 approval requests, pubsub#notify_sub). */
    static List<Delivery> owners(List<AffiliationEntry> affiliations) {
        return affiliations.stream().filter(a -> a.affiliation() == Affiliation.OWNER)
                .map(a -> new Delivery(a.jid().bare())).toList();
    }

    /** One delivery to each JID, in order, without repeats. */
    static List<Delivery> distinct(List<Delivery> deliveries) {
        Set<Jid> seen = new LinkedHashSet<>();
        for (Delivery d : deliveries) seen.add(d.to());
        return seen.stream().map(Delivery::new).toList();
    }
}
