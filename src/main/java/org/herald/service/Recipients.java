package org.herald.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.herald.domain.Jid;
import org.herald.domain.NodeConfig;
import org.herald.domain.Subscription;
import org.herald.service.event.Delivery;

/** Who is told about an event on a node (XEP-0060 §13.3). */
final class Recipients {
    private Recipients() {
    }

    /**
     * One delivery per subscribed JID. Pending subscriptions get nothing (§4.2). When one JID holds several
     * subscriptions, it gets one notification naming the SubIDs (§13.16 SHIM headers); Herald gives a JID one
     * subscription per node, so a SubID is stamped only when the data holds more.
     */
    static List<Delivery> of(NodeConfig config, List<Subscription> subscriptions) {
        if (!config.deliverNotifications()) return List.of();
        Map<Jid, List<String>> byJid = new LinkedHashMap<>();
        for (Subscription s : subscriptions) {
            if (s.isActive()) byJid.computeIfAbsent(s.jid(), j -> new ArrayList<>()).add(s.subId());
        }
        List<Delivery> out = new ArrayList<>(byJid.size());
        byJid.forEach((jid, ids) -> out.add(new Delivery(jid, ids.size() > 1 ? String.join(",", ids) : null)));
        return out;
    }
}
