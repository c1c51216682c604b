package org.herald.http.websub;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.herald.domain.PubSubException;
import org.herald.http.auth.Actor;
import org.herald.service.NodeView;
import org.herald.service.PubSubService;

/**
 * Whether a node may be followed through WebSub. Callbacks are anonymous: nobody authenticates them, so they read
 * what {@link Actor#ANONYMOUS} may read, which the core decides (open nodes only). A node that does not exist is
 * answered like one that is closed, so WebSub tells nobody which closed nodes exist.
 */
@ApplicationScoped
public class AnonymousAccess {
    @Inject
    PubSubService service;

    /** Null when a callback may follow the node, else the reason a denial (§5.2) gives. */
    public Uni<String> refusal(String nodeId) {
        return service.node(Actor.ANONYMOUS_JID, nodeId)
                .map(AnonymousAccess::refusal)
                .onFailure(PubSubException.class).recoverWithItem("the topic is not available to anonymous subscribers");
    }

    public Uni<Boolean> readable(String nodeId) {
        return refusal(nodeId).map(r -> r == null);
    }

    private static String refusal(NodeView view) {
        if (!view.readable()) return "the topic is not available to anonymous subscribers";
        // XEP-0248: collections hold no items of their own; their feeds would never change.
        if (view.node().config().isCollection()) return "the topic is a collection node, which publishes no items";
        return null;
    }
}
