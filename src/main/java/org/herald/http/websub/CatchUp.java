package org.herald.http.websub;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.herald.domain.Node;
import org.herald.domain.PubSubException;
import org.herald.domain.StoredItem;
import org.herald.http.auth.Actor;
import org.herald.http.feed.FeedFormat;
import org.herald.service.ItemPage;
import org.herald.service.PubSubService;

/**
 * Queues the deliveries a node owes its WebSub subscribers: every stored item above the node's cursor (V17), in seq
 * order, in pages; each page's deliveries and the cursor's move are one transaction (compare-and-set), so an item is
 * queued once however many runs (the publish's own, the sweep, other instances) race for it. What is read is the
 * node as it is now (a user expects the feed's current state): an item retracted, purged, trimmed or expired before
 * its deliveries were queued is not sent; a replaced item is sent with its latest content.
 */
@ApplicationScoped
public class CatchUp {
    /** Items per delivery body and transaction. */
    static final int PAGE = 100;

    private final WebSubStore store;
    private final PubSubService service;
    private final TopicContent content;
    private final Clock clock = Clock.systemUTC();

    CatchUp(WebSubStore store, PubSubService service, TopicContent content) {
        this.store = store;
        this.service = service;
        this.content = content;
    }

    /**
     * Queues what the node owes; {@code published} are the items a publish just committed (they may be trimmed from
     * the node already, yet were its state when committed: they are sent with the stored ones). Answers how many
     * deliveries were queued.
     */
    public Uni<Integer> node(String nodeId, List<StoredItem> published) {
        Instant now = clock.instant();
        return store.formats(nodeId, now).chain(formats -> formats.isEmpty()
                ? Uni.createFrom().item(0)
                : store.cursor(nodeId).chain(cursor -> cursor.isEmpty()
                        ? Uni.createFrom().item(0)
                        : page(nodeId, cursor.get(), formats, published, now)));
    }

    /**
     * Items of a node that keeps none (pubsub#persist_items false, seq 0) exist only in the publish's event: they are
     * queued as they come, best effort, as nothing durable is left to catch up from.
     */
    public Uni<Integer> transientItems(Node node, List<StoredItem> published, AnonymousAccess access) {
        Instant now = clock.instant();
        return store.formats(node.id(), now).chain(formats -> formats.isEmpty()
                ? Uni.createFrom().item(0)
                : access.readable(node.id()).chain(readable -> readable
                        ? store.enqueue(node.id(), bodies(node, published, formats), now)
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> page(String nodeId, long from, List<FeedFormat> formats, List<StoredItem> published, Instant now) {
        return service.itemsSince(Actor.ANONYMOUS_JID, nodeId, from, PAGE)
                // Checked on every page: a node closed to anonymous readers (or gone) since delivers nothing.
                .onFailure(PubSubException.class).recoverWithNull()
                .chain(page -> {
                    if (page == null || page.node().config().isCollection()) return Uni.createFrom().item(0);
                    List<StoredItem> items = owed(page, from, published);
                    if (items.isEmpty()) return Uni.createFrom().item(0);
                    long to = items.get(items.size() - 1).seq();
                    return store.enqueue(nodeId, from, to, bodies(page.node(), items, formats), now).chain(n -> {
                        // Another run moved the cursor meanwhile and queued those items: start again from where it is.
                        if (n < 0) return node(nodeId, published);
                        if (page.complete()) return Uni.createFrom().item(n);
                        return page(nodeId, to, formats, published, now).map(more -> n + more);
                    });
                });
    }

    /** The page's items, and on the last page the just-published ones it no longer holds, oldest first. */
    private static List<StoredItem> owed(ItemPage page, long from, List<StoredItem> published) {
        Map<Long, StoredItem> bySeq = new TreeMap<>();
        for (StoredItem i : page.items()) bySeq.put(i.seq(), i);
        if (page.complete()) {
            for (StoredItem i : published) if (i.seq() > from) bySeq.putIfAbsent(i.seq(), i);
        }
        return new ArrayList<>(bySeq.values()); // a TreeMap by seq: oldest first already
    }

    private Map<FeedFormat, String> bodies(Node node, List<StoredItem> items, List<FeedFormat> formats) {
        Map<FeedFormat, String> out = new EnumMap<>(FeedFormat.class);
        for (FeedFormat f : formats) out.put(f, content.render(node, items, f));
        return out;
    }

    /**
     * The catch-up sweep's work: every followed node (up to {@code limit}) with items above its cursor. Answers how
     * many deliveries were queued.
     */
    public Uni<Integer> behind(int limit) {
        return store.behind(clock.instant(), limit).chain(nodes -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (String node : nodes) chain = chain.chain(n -> node(node, List.of()).map(m -> n + m));
            return chain;
        });
    }
}
