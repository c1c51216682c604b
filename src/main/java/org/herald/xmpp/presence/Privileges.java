package org.herald.xmpp.presence;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.herald.domain.Jid;
import org.herald.xmpp.component.MessageHandler;
import org.herald.xmpp.stanza.XmlElement;
import org.jboss.logging.Logger;

/**
 * What XMPP servers let Herald do for their users (XEP-0356 Privileged Entity): each server announces its grant
 * in a {@code <privilege xmlns='urn:xmpp:privilege:2'/>} message after the component authenticates
 * (XEP-0356 §4.2 [advertise_roster]). Remembered per server domain; a new announcement replaces the old one.
 */
@ApplicationScoped
public class Privileges implements MessageHandler {
    private static final Logger LOG = Logger.getLogger(Privileges.class);
    public static final String NS = "urn:xmpp:privilege:2";

    /**
     * One server's grant.
     *
     * @param roster none, get, set or both (XEP-0356 §4.1)
     * @param presence none, managed_entity or roster (XEP-0356 §7)
     */
    public record Grant(String roster, String presence) {
        public static final Grant NONE = new Grant("none", "none");

        public boolean mayGetRoster() {
            return "get".equals(roster) || "both".equals(roster);
        }
    }

    private final Map<String, Grant> byDomain = new ConcurrentHashMap<>();

    /** Told of each grant announced on this instance's link, so instances without the link can mirror it. */
    private volatile java.util.function.BiConsumer<String, Grant> listener;

    public void listen(java.util.function.BiConsumer<String, Grant> l) {
        this.listener = l;
    }

    /** A grant learned from another instance (docs/cluster-link.md). */
    public void apply(String domain, Grant grant) {
        byDomain.put(domain, grant);
    }

    @Inject
    PresenceTracker tracker;

    @Override
    public Uni<Void> handle(XmlElement message) {
        XmlElement privilege = message.child("privilege", NS);
        if (privilege == null || "error".equals(message.attr("type"))) return Uni.createFrom().voidItem();
        Jid from = Jid.tryParse(message.attr("from"));
        // Only a server speaks for its domain: a user or another component cannot grant anything.
        if (from == null || from.local() != null || from.resource() != null) {
            LOG.debugf("Ignoring a privilege message from %s", message.attr("from"));
            return Uni.createFrom().voidItem();
        }
        String roster = "none";
        String presence = "none";
        for (XmlElement perm : privilege.children("perm", NS)) {
            String type = perm.attr("type") == null ? "none" : perm.attr("type");
            if ("roster".equals(perm.attr("access"))) roster = type;
            if ("presence".equals(perm.attr("access"))) presence = type;
        }
        Grant grant = new Grant(roster, presence);
        byDomain.put(from.domain(), grant);
        var l = listener;
        if (l != null) l.accept(from.domain(), grant);
        // The announcement follows each (re)connection, and the server then sends its users' current presence
        // (XEP-0356 §8 rule 1): what Herald knew of them from before may be stale.
        if (!"none".equals(presence)) tracker.forgetDomain(from.domain());
        LOG.infof("%s grants Herald roster=%s presence=%s (XEP-0356)", from.domain(), roster, presence);
        return Uni.createFrom().voidItem();
    }

    /** What the server of this domain has granted; {@link Grant#NONE} when it announced nothing. */
    public Grant of(String domain) {
        return byDomain.getOrDefault(domain, Grant.NONE);
    }
}
