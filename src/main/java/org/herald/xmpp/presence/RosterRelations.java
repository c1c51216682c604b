package org.herald.xmpp.presence;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.herald.config.PresenceConfig;
import org.herald.domain.Jid;
import org.herald.domain.RosterEntry;
import org.herald.service.port.Relations;
import org.herald.xmpp.component.IqRequests;
import org.herald.xmpp.component.IqType;
import org.herald.xmpp.stanza.XmlElement;
import org.jboss.logging.Logger;

/**
 * Answers the core's roster questions by reading the node owner's roster from the owner's server with the
 * XEP-0356 roster privilege (§4.3 [priv_manage_roster]: a plain roster get addressed to the owner's bare JID).
 * Servers that granted no roster "get" are not asked: their users' rosters count as empty, which keeps
 * presence and roster nodes closed to strangers rather than guessing.
 *
 * <p>Each roster is kept for a short while (herald.presence.roster-cache-ttl) so a burst of requests or a
 * notification to many subscribers reads it once; a roster push for the owner (XEP-0356 §4.4) forgets it at once.
 * A failed or unanswered query is not remembered: the request it served is refused, the next one asks again.
 */
@ApplicationScoped
public class RosterRelations implements Relations {
    private static final Logger LOG = Logger.getLogger(RosterRelations.class);
    static final String ROSTER = "jabber:iq:roster";

    private record Cached(CompletableFuture<Map<Jid, RosterEntry>> roster, long expiresAtNanos) {
    }

    private final Map<Jid, Cached> cache = new ConcurrentHashMap<>();

    @Inject
    Privileges privileges;

    @Inject
    IqRequests iqs;

    @Inject
    PresenceConfig config;

    @Override
    public Uni<RosterEntry> contact(Jid owner, Jid contact) {
        Jid bareOwner = owner.bare();
        if (!privileges.of(bareOwner.domain()).mayGetRoster()) return Uni.createFrom().item(RosterEntry.NONE);
        return Uni.createFrom().deferred(() -> {
            // The answer arrives on the link's thread (or, on timeout, a timer's): the caller carries on in its own
            // Vert.x context, where its reactive database session lives.
            Context caller = Vertx.currentContext();
            Uni<RosterEntry> answer = Uni.createFrom().completionStage(() -> roster(bareOwner))
                    .map(r -> r.getOrDefault(contact.bare(), RosterEntry.NONE))
                    .onFailure().recoverWithItem(e -> {
                        LOG.warnf("Roster of %s unavailable (%s): treating it as empty", bareOwner, e.toString());
                        return RosterEntry.NONE;
                    });
            return caller == null ? answer : answer.emitOn(task -> caller.runOnContext(v -> task.run()));
        });
    }

    /** Forgets a cached roster, e.g. on a roster push for its owner. */
    public void forget(Jid owner) {
        cache.remove(owner.bare());
    }

    private CompletableFuture<Map<Jid, RosterEntry>> roster(Jid owner) {
        long now = System.nanoTime();
        Cached c = cache.get(owner);
        if (c != null && now - c.expiresAtNanos() < 0) return c.roster();
        CompletableFuture<Map<Jid, RosterEntry>> fresh = new CompletableFuture<>();
        Cached mine = new Cached(fresh, now + config.rosterCacheTtl().toNanos());
        Cached raced = cache.compute(owner, (k, old) -> old != null && now - old.expiresAtNanos() < 0 ? old : mine);
        if (raced != mine) return raced.roster();
        if (cache.size() > config.rosterCacheSize()) evictExpired(now);
        iqs.send(IqType.GET, owner, XmlElement.empty("query", ROSTER), config.rosterTimeout())
                .map(RosterRelations::parse)
                .subscribe().with(fresh::complete, e -> {
                    cache.remove(owner, mine);
                    fresh.completeExceptionally(e);
                });
        return fresh;
    }

    private void evictExpired(long now) {
        cache.entrySet().removeIf(e -> now - e.getValue().expiresAtNanos() >= 0);
    }

    /** RFC 6121 §2.1: roster items with their subscription state and groups. */
    static Map<Jid, RosterEntry> parse(XmlElement query) {
        Map<Jid, RosterEntry> out = new HashMap<>();
        if (query == null) return out;
        for (XmlElement item : query.children("item", ROSTER)) {
            Jid jid = Jid.tryParse(item.attr("jid"));
            if (jid == null) continue;
            String subscription = item.attr("subscription");
            // "from" and "both": the contact receives the owner's presence (RFC 6121 §2.1.2.5).
            boolean presence = "from".equals(subscription) || "both".equals(subscription);
            Set<String> groups = new LinkedHashSet<>();
            for (XmlElement g : item.children("group", ROSTER)) {
                if (!g.text().isEmpty()) groups.add(g.text());
            }
            out.put(jid.bare(), new RosterEntry(presence, groups));
        }
        return out;
    }
}
