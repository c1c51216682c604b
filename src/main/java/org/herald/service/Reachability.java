package org.herald.service;

import java.util.Set;
import org.herald.domain.NodeConfig;
import org.herald.domain.Subscription;
import org.herald.service.port.PresenceView;

/**
 * Whether a subscriber's presence lets a notification reach it now: pubsub#presence_based_delivery
 * (XEP-0060 §13.6: only to available subscribers, judged by the subscribed JID) and the subscription's
 * pubsub#show-values (§17.4.5: only while one of the subscribed JID's resources shows one of those values).
 */
final class Reachability {
    private Reachability() {
    }

    static boolean reachable(NodeConfig config, Subscription s, PresenceView presence) {
        Set<String> wanted = s.options().showValues();
        if (!config.presenceBasedDelivery() && wanted.isEmpty()) return true;
        Set<String> shows = presence.shows(s.jid());
        if (shows.isEmpty()) return false;
        return wanted.isEmpty() || shows.stream().anyMatch(wanted::contains);
    }

    /** The show-values filter for one known presence ("online" for none), e.g. of a resource that just came online. */
    static boolean showMatches(Subscription s, String show) {
        Set<String> wanted = s.options().showValues();
        return wanted.isEmpty() || wanted.contains(show);
    }
}
