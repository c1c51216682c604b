package org.herald.http.stream;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.StoredItem;
import org.herald.runtime.OwnContext;
import org.herald.service.ItemsQuery;
import org.herald.service.PageRequest;
import org.herald.service.PubSubService;

/**
 * Asks the core what a reader may stream: the same rule as retrieving items (XEP-0060 §6.5, access models of
 * §4.5), checked when a stream opens and again whenever a node's access may have changed. Every refusal is the
 * core's {@link PubSubException}, so HTTP answers it as REST would.
 */
@ApplicationScoped
class StreamAccess {
    /** Items per backlog query while a stream catches up. */
    static final int REPLAY_PAGE = 200;

    private final PubSubService service;
    private final StreamConfig config;

    StreamAccess(PubSubService service, StreamConfig config) {
        this.service = service;
        this.config = config;
    }

    /** What the reader may stream from {@code root}; fails as the core refuses reading it. */
    Uni<StreamScope> resolve(Context home, Jid reader, String root) {
        return probe(home, reader, root).chain(collection -> {
            if (!collection) return Uni.createFrom().item(StreamScope.leaf(root));
            Set<String> leaves = new LinkedHashSet<>();
            Set<String> collections = new LinkedHashSet<>();
            collections.add(root);
            return descend(home, reader, root, leaves, collections)
                    .map(v -> new StreamScope(root, true, leaves, collections));
        });
    }

    /**
     * Whether the reader may read the node's items, as a collection (true) or a leaf (false). Retrieving items is
     * checked with a count-only page (XEP-0059 §2.6): the core answers "unsupported" only once reading is allowed,
     * for a collection (retrieve-items, XEP-0248) or a leaf that keeps no items (persistent-items) whose live
     * items may still be streamed.
     */
    private Uni<Boolean> probe(Context home, Jid reader, String node) {
        return OwnContext.call(home, () -> service.itemsPage(reader, node,
                        new ItemsQuery(null, List.of(), null, PageRequest.first(0))))
                .map(page -> false)
                .onFailure(PubSubException.class).recoverWithUni(e -> {
                    PubSubException p = (PubSubException) e;
                    if (p.error() != PubSubError.FEATURE_NOT_IMPLEMENTED) return Uni.createFrom().failure(p);
                    return Uni.createFrom().item("retrieve-items".equals(p.feature()));
                });
    }

    /** A collection's readable descendants, depth first, bounded by maxCollectionNodes and safe from cycles. */
    private Uni<Void> descend(Context home, Jid reader, String collection, Set<String> leaves, Set<String> collections) {
        return OwnContext.call(home, () -> service.listing(reader, collection)).chain(listing -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String child : listing.ids()) {
                chain = chain.chain(() -> {
                    if (leaves.contains(child) || collections.contains(child)
                            || leaves.size() + collections.size() >= config.maxCollectionNodes()) {
                        return Uni.createFrom().voidItem();
                    }
                    return probe(home, reader, child)
                            .chain(isCollection -> {
                                if (!isCollection) {
                                    leaves.add(child);
                                    return Uni.createFrom().voidItem();
                                }
                                collections.add(child);
                                return descend(home, reader, child, leaves, collections);
                            })
                            // a child the reader may not read is simply not streamed
                            .onFailure(PubSubException.class).recoverWithItem((Void) null);
                });
            }
            return chain;
        });
    }

    /** What a leaf's reader missed, oldest first, and whether the leaf names publishers (XEP-0060 §7.1.2). */
    record Backlog(List<StoredItem> items, boolean showsPublisher) {
    }

    /**
     * Every stored item of the leaf after {@code afterSeq}, oldest first, page by page. A leaf that keeps no items
     * has nothing to replay.
     */
    Uni<Backlog> backlog(Context home, Jid reader, String leaf, long afterSeq) {
        return page(home, reader, leaf, afterSeq, new java.util.ArrayList<>())
                .onFailure(e -> e instanceof PubSubException p && p.error() == PubSubError.FEATURE_NOT_IMPLEMENTED)
                .recoverWithItem(new Backlog(List.of(), false));
    }

    private Uni<Backlog> page(Context home, Jid reader, String leaf, long afterSeq, List<StoredItem> into) {
        return OwnContext.call(home, () -> service.itemsSince(reader, leaf, afterSeq, REPLAY_PAGE)).chain(page -> {
            into.addAll(page.items());
            boolean showsPublisher = page.node().config().showsPublisher();
            if (page.items().size() < REPLAY_PAGE) return Uni.createFrom().item(new Backlog(into, showsPublisher));
            return page(home, reader, leaf, page.items().get(page.items().size() - 1).seq(), into);
        });
    }
}
