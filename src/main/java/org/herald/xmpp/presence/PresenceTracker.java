package org.herald.xmpp.presence;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.herald.domain.Jid;
import org.herald.service.port.PresenceView;

/**
 * The available resources of users and their {@code <show/>}, from the presence stanzas the component receives
 * (directed presence, presence of users who share theirs with the service, and presence the server forwards under
 * the XEP-0356 presence privilege). Only available resources are kept, so memory follows who is online.
 */
@ApplicationScoped
public class PresenceTracker implements PresenceView {

    /** Stands for the resource of a presence sent from a bare JID (e.g. by a server on a user's behalf). */
    private static final String NO_RESOURCE = "";

    private final Map<Jid, Map<String, String>> byUser = new ConcurrentHashMap<>();

    /**
     * Told of every change this instance learned on its own link, so that instances without the link can mirror it
     * (fanout/LinkStateMirror, docs/cluster-link.md). Changes applied from that mirror are not passed on again.
     */
    public interface Listener {
        void available(Jid from, String show);

        void unavailable(Jid from);

        void forgotDomain(String domain);
    }

    private volatile Listener listener;

    public void listen(Listener l) {
        this.listener = l;
    }

    /**
     * Records an available presence.
     *
     * @return true when this resource was not available before (a show change is not a new arrival)
     */
    public boolean available(Jid from, String show) {
        boolean arrived = applyAvailable(from, show);
        Listener l = listener;
        if (l != null) l.available(from, show);
        return arrived;
    }

    /** Records an available presence learned from another instance. */
    public boolean applyAvailable(Jid from, String show) {
        boolean[] arrived = {false};
        // One atomic step per user, so a concurrent "unavailable" cannot drop the map this presence goes into.
        byUser.compute(from.bare(), (k, resources) -> {
            Map<String, String> r = resources == null ? new ConcurrentHashMap<>() : resources;
            arrived[0] = r.put(resource(from), show) == null;
            return r;
        });
        return arrived[0];
    }

    /** Records that a resource left; from a bare JID, that all of the user's resources did. */
    public void unavailable(Jid from) {
        applyUnavailable(from);
        Listener l = listener;
        if (l != null) l.unavailable(from);
    }

    /** Records a departure learned from another instance. */
    public void applyUnavailable(Jid from) {
        if (from.isBare()) {
            byUser.remove(from);
            return;
        }
        byUser.computeIfPresent(from.bare(), (k, resources) -> {
            resources.remove(resource(from));
            return resources.isEmpty() ? null : resources;
        });
    }

    /**
     * Forgets every user of a domain, e.g. when its server is about to tell the current presence of all of them
     * again (XEP-0356 §8 rule 1, after the component reconnected): whoever left while the link was down is gone.
     */
    public void forgetDomain(String domain) {
        applyForgetDomain(domain);
        Listener l = listener;
        if (l != null) l.forgotDomain(domain);
    }

    public void applyForgetDomain(String domain) {
        byUser.keySet().removeIf(jid -> jid.domain().equals(domain));
    }

    /** Replaces everything known by a snapshot (full JID → show), e.g. one read from the mirror in Redis. */
    public void replaceAll(Map<Jid, String> snapshot) {
        byUser.clear();
        snapshot.forEach(this::applyAvailable);
    }

    @Override
    public Set<String> shows(Jid jid) {
        Map<String, String> resources = byUser.get(jid.bare());
        if (resources == null) return Set.of();
        if (jid.isBare()) return Set.copyOf(resources.values());
        String show = resources.get(jid.resource());
        return show == null ? Set.of() : Set.of(show);
    }

    private static String resource(Jid from) {
        return from.resource() == null ? NO_RESOURCE : from.resource();
    }
}
