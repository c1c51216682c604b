package org.herald.ingest;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import org.herald.domain.Action;
import org.herald.domain.Affiliation;
import org.herald.domain.Jid;
import org.herald.domain.Permissions;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.http.problem.HttpProblem;
import org.herald.service.PubSubService;
import org.herald.service.ServiceSettings;

/**
 * Who may register, see and remove feeds. A feed publishes to a node as the system actor, so registering one is a
 * publish right: the actor must hold an affiliation that may publish to the node (XEP-0060 §4.1: owner, publisher,
 * publish-only), as the core's permission table says, or be a service admin. A feed is visible to whoever registered it, the node's owners and admins; to anyone else it
 * does not exist (404), so feed ids reveal nothing.
 */
@ApplicationScoped
public class FeedRegistry {
    private final FeedStore store;
    private final FeedTargets targets;
    private final PubSubService service;
    private final ServiceSettings settings;
    private final IngestConfig config;
    private final Clock clock = Clock.systemUTC();

    FeedRegistry(FeedStore store, FeedTargets targets, PubSubService service, ServiceSettings settings, IngestConfig config) {
        this.store = store;
        this.targets = targets;
        this.service = service;
        this.settings = settings;
        this.config = config;
    }

    public Uni<Feed> register(Jid actor, String url, String node) {
        if (node == null || node.isBlank()) throw HttpProblem.invalid("node", "is required");
        FeedTargets.syntax(url);
        return mayPublish(actor, node).chain(allowed -> {
            if (!allowed) throw PubSubException.of(PubSubError.FORBIDDEN, "only an affiliate who may publish to the node may feed it");
            return targets.check(url);
        }).chain(uri -> store.insert(uri.toString(), node, actor.bare().toString(), config.defaultInterval().toSeconds(),
                clock.instant())).map(inserted -> inserted.orElseThrow(
                () -> PubSubException.of(PubSubError.CONFLICT, "this feed is already registered on the node")));
    }

    /** The actor's feeds; an admin's listing holds every feed. */
    public Uni<List<Feed>> list(Jid actor) {
        return store.list(settings.isAdmin(actor) ? null : actor.bare().toString());
    }

    public Uni<Feed> get(Jid actor, long id) {
        return store.find(id).chain(found -> {
            if (found.isEmpty()) return Uni.createFrom().failure(notFound());
            Feed feed = found.get();
            return visible(actor, feed).map(ok -> {
                if (!ok) throw notFound();
                return feed;
            });
        });
    }

    public Uni<Void> delete(Jid actor, long id) {
        return get(actor, id).chain(feed -> store.delete(feed.id())).replaceWithVoid();
    }

    /** Whether {@code who} may (still) publish to {@code node}; a missing node fails with item-not-found (404). */
    public Uni<Boolean> mayPublish(Jid who, String node) {
        if (settings.isAdmin(who)) {
            return service.affiliationsOf(who, node).replaceWith(true); // still 404 when the node does not exist
        }
        return service.affiliationsOf(who, node)
                // the §4.1 table the core enforces decides who may publish, not a list of our own
                .map(affs -> affs.stream().anyMatch(a -> Permissions.may(a.affiliation(), Action.PUBLISH)));
    }

    private Uni<Boolean> visible(Jid actor, Feed feed) {
        if (settings.isAdmin(actor) || actor.bare().toString().equals(feed.addedBy())) return Uni.createFrom().item(true);
        return service.affiliationsOf(actor, feed.nodeId())
                .map(affs -> affs.stream().anyMatch(a -> a.affiliation() == Affiliation.OWNER))
                .onFailure(PubSubException.class).recoverWithItem(false); // the node is gone: only its registrant sees it
    }

    private static PubSubException notFound() {
        return PubSubException.of(PubSubError.ITEM_NOT_FOUND, "no such feed");
    }
}
