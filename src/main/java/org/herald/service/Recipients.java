package org.herald.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.herald.domain.Jid;
import org.herald.domain.NodeConfig;
import org.herald.domain.Subscription;
import org.herald.service.event.Delivery;

/**
 * Who is told about an event on a node, and how (XEP-0060 §13.3). Notifications go per subscribed JID, full or
 * bare as subscribed: a JID holding several subscriptions gets one message, headed with the SubIDs it answers
 * (§6.1.6, §13.16). Pending subscriptions get nothing (§4.2), nor do subscriptions with pubsub#deliver off (§6.3)
 * or whose lease has ended (§13.19) but which the sweeper has not removed yet.
 */
final class Recipients {
    private Recipients() {
    }

    /**
     * Node events (configuration, purge, deletion): one delivery per JID, without SubID headers, which §13.16
     * leaves out when the content does not differ by subscription.
     */
    static List<Delivery> of(NodeConfig config, List<Subscription> subscriptions) {
        if (!config.deliverNotifications()) return List.of();
        Map<Jid, Boolean> seen = new LinkedHashMap<>();
        for (Subscription s : subscriptions) {
            if (s.isActive() && s.options().deliver()) seen.put(s.jid(), true);
        }
        return seen.keySet().stream().map(Delivery::new).toList();
    }

    /**
     * §7.1.2: notifications of published items. Digest subscriptions (pubsub#digest) get the items later in their
     * digest instead, when the node keeps items to batch; a node that keeps none has nothing to batch from, so
     * they are notified at once.
     */
    static List<Delivery> ofPublish(NodeConfig config, List<Subscription> subscriptions, Instant now) {
        boolean batched = config.persistItems();
        return ofItems(config, subscriptions, now, s -> !(batched && s.options().digest()));
    }

    /** §7.2.2: notifications of deleted items; they are not batched, as a digest only carries items still there. */
    static List<Delivery> ofRetract(NodeConfig config, List<Subscription> subscriptions, Instant now) {
        return ofItems(config, subscriptions, now, s -> true);
    }

    /**
     * The one delivery of a digest for {@code digest}, given every subscription of the node: with the SubID header
     * when the JID holds several subscriptions, and a body when any of them asks for one.
     */
    static Delivery ofDigest(Subscription digest, List<Subscription> subscriptions) {
        List<Subscription> sameJid = subscriptions.stream().filter(s -> s.jid().equals(digest.jid())).toList();
        boolean several = sameJid.size() > 1;
        return new Delivery(digest.jid(), several ? List.of(digest.subId()) : List.of(), wantsBody(sameJid));
    }

    private static List<Delivery> ofItems(NodeConfig config, List<Subscription> subscriptions, Instant now,
                                          Predicate<Subscription> immediate) {
        if (!config.deliverNotifications()) return List.of();
        Map<Jid, List<Subscription>> all = new LinkedHashMap<>();
        Map<Jid, List<String>> matching = new LinkedHashMap<>();
        for (Subscription s : subscriptions) {
            all.computeIfAbsent(s.jid(), j -> new ArrayList<>()).add(s);
            if (s.isActive() && s.options().deliver() && !s.options().expiredAt(now) && immediate.test(s)) {
                matching.computeIfAbsent(s.jid(), j -> new ArrayList<>()).add(s.subId());
            }
        }
        List<Delivery> out = new ArrayList<>(matching.size());
        matching.forEach((jid, subIds) -> {
            List<Subscription> held = all.get(jid);
            out.add(new Delivery(jid, held.size() > 1 ? subIds : List.of(), wantsBody(held)));
        });
        return out;
    }

    /** §13.8: when some of a JID's subscriptions ask for a body and others not, all notifications carry one. */
    private static boolean wantsBody(List<Subscription> ofOneJid) {
        return ofOneJid.stream().anyMatch(s -> s.options().includeBody());
    }
}
