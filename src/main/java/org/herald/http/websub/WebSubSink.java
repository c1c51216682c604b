package org.herald.http.websub;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.herald.domain.Node;
import org.herald.domain.StoredItem;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.NodeConfigured;
import org.herald.service.event.NodeDeleted;
import org.herald.service.event.PubSubEvent;
import org.herald.service.port.EventSink;

/**
 * Takes committed events for the hub. A publish to a node with WebSub subscribers queues one delivery per
 * subscription (§7 content distribution) in PostgreSQL, rendered once per feed format, through the node's cursor
 * ({@link CatchUp}: at least once for every committed item); the {@link DeliveryWorker} sends them. A node that
 * anonymous readers may no longer follow (reconfigured) or that is gone loses its subscriptions, with a §5.2 denial
 * to each callback. Digests are passed over: WebSub follows the node as a whole and has seen their items.
 */
@ApplicationScoped
public class WebSubSink implements EventSink {
    @Inject
    Vertx vertx;

    @Inject
    WebSubStore store;

    @Inject
    AnonymousAccess access;

    @Inject
    TopicContent content;

    @Inject
    Verifier verifier;

    @Inject
    DeliveryWorker worker;

    @Inject
    CatchUp catchUp;

    /** WebSub follows nodes as a whole: it hears of publishes no XMPP subscriber is told of, and of every reconfiguration. */
    @Override
    public boolean followsNodes() {
        return true;
    }

    @Override
    public void emit(PubSubEvent event) {
        // Never block the core's context: each event is handled on a context of its own.
        if (event instanceof ItemsPublished p && !p.digest() && !p.stored().isEmpty()) {
            Background.run(vertx, "enqueue", () -> enqueue(p.node(), p.stored()), queued -> {
                if (queued == null) worker.catchUpSoon(); // failed (PostgreSQL away?): the catch-up finds the items again
                else if (queued > 0) worker.wake();
            });
        } else if (event instanceof NodeConfigured c) {
            Background.run(vertx, "access re-check", () -> recheck(c.node().id()));
        } else if (event instanceof NodeDeleted d) {
            Background.run(vertx, "node deletion", () -> endAll(d.node().id(), "the topic's node was deleted"));
        }
    }

    /**
     * Stored items go through the node's cursor ({@link CatchUp}), so a publish whose enqueue never ran or failed is
     * caught up by the sweep; items of a node that keeps none are queued as they are.
     */
    private Uni<Integer> enqueue(Node node, List<StoredItem> items) {
        List<StoredItem> stored = items.stream().filter(i -> i.seq() > 0).toList();
        List<StoredItem> transientItems = items.stream().filter(i -> i.seq() <= 0).toList();
        Uni<Integer> first = stored.isEmpty() ? Uni.createFrom().item(0) : catchUp.node(node.id(), stored);
        return transientItems.isEmpty() ? first
                : first.chain(n -> catchUp.transientItems(node, transientItems, access).map(m -> n + m));
    }

    /** After a reconfiguration: a node anonymous readers may no longer follow ends its subscriptions. */
    private Uni<Void> recheck(String nodeId) {
        // the subscriptions first: most nodes have none, and then the core need not be asked
        return store.ofNode(nodeId).chain(subs -> subs.isEmpty() ? Uni.createFrom().voidItem()
                : access.refusal(nodeId).chain(refusal -> refusal == null ? Uni.createFrom().voidItem() : deny(subs, refusal)));
    }

    /** Ends every subscription of the node, telling each callback why (§5.2). */
    private Uni<Void> endAll(String nodeId, String reason) {
        return store.ofNode(nodeId).chain(subs -> deny(subs, reason));
    }

    private Uni<Void> deny(List<WebSubStore.Stored> subs, String reason) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (WebSubStore.Stored s : subs) chain = chain.chain(() -> verifier.deny(s.callback(), s.topic(), reason));
        return chain;
    }
}
