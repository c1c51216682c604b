package org.herald.service;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
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
        return of(config, subscriptions, s -> true);
    }

    /**
     * As {@link #of(NodeConfig, List)}, counting only subscriptions that {@code reachable} lets through
     * (presence-based delivery §13.6 and pubsub#show-values, see {@link Reachability}).
     */
    static List<Delivery> of(NodeConfig config, List<Subscription> subscriptions, Predicate<Subscription> reachable) {
        if (!config.deliverNotifications()) return List.of();
        Set<Jid> seen = new LinkedHashSet<>();
        for (Subscription s : subscriptions) {
            if (s.isActive() && reachable.test(s)) seen.add(s.jid());
        }
        return seen.stream().map(Delivery::new).toList();
    }
}
