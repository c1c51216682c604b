package org.herald.http.feed;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.herald.domain.PubSubException;
import org.herald.http.HttpConfig;
import org.herald.http.auth.Actor;
import org.herald.http.problem.HttpProblem;
import org.herald.service.ItemsQuery;
import org.herald.service.NodeView;
import org.herald.service.PageRequest;
import org.herald.service.PubSubService;

/**
 * GET / : the status page. It is the same for everyone, so it is built as the anonymous actor whatever token came
 * with the request: only nodes an anonymous reader may read appear (found through discovery, XEP-0060 §5.2, and
 * XEP-0248 collections), with what reading them shows (§5.4 meta-data, §6.5 items). {@code ?prefix=} narrows the
 * page to NodeIDs starting with it (a subtree of a large service).
 */
@Path("/")
@Tag(name = "Status page")
public class StatusResource {
    /** A NodeID is at most 1023 characters (PubSubService.MAX_ID_LENGTH); so is a useful prefix. */
    private static final int MAX_PREFIX = 1023;

    private final PubSubService service;
    private final FeedsConfig config;
    private final FeedUrls urls;

    StatusResource(PubSubService service, FeedsConfig config, HttpConfig http) {
        this.service = service;
        this.config = config;
        this.urls = new FeedUrls(http.publicUrl());
    }

    @GET
    @Operation(summary = "An HTML page listing the nodes anyone may read, their subscriber counts and recent items")
    public Uni<Response> page(@QueryParam("prefix") String prefix) {
        if (prefix != null && prefix.length() > MAX_PREFIX) throw HttpProblem.invalid("prefix", "is longer than any NodeID");
        String start = prefix == null ? "" : prefix;
        return service.nodeIds(Actor.ANONYMOUS_JID)
                .map(top -> top.stream().filter(id -> id.startsWith(start)).toList())
                .chain(top -> collect(new ArrayDeque<>(top), new HashSet<>(top), new ArrayList<>(), start))
                .map(found -> Response.ok(StatusPage.render(found.nodes(), found.more(), prefix), "text/html; charset=UTF-8")
                        // nothing on the page runs or loads from elsewhere; say so to the browser
                        .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
                        .header("X-Content-Type-Options", "nosniff")
                        .header("Cache-Control", "no-cache")
                        .build());
    }

    /** @param more true when the page stopped at herald.http.feeds.status-max-nodes with nodes left to look at */
    private record Found(List<StatusNode> nodes, boolean more) {
    }

    /** Visits nodes one after another (one service call at a time), descending into readable collections. */
    private Uni<Found> collect(Deque<String> queue, Set<String> seen, List<StatusNode> shown, String prefix) {
        if (shown.size() >= config.statusMaxNodes()) return Uni.createFrom().item(new Found(shown, !queue.isEmpty()));
        String id = queue.poll();
        if (id == null) return Uni.createFrom().item(new Found(shown, false));
        return service.node(Actor.ANONYMOUS_JID, id)
                .onFailure(PubSubException.class).recoverWithNull() // deleted meanwhile
                .chain(view -> {
                    if (view == null || !view.readable()) return collect(queue, seen, shown, prefix);
                    return describe(view).chain(node -> {
                        shown.add(node);
                        if (!node.collection()) return collect(queue, seen, shown, prefix);
                        return service.listing(Actor.ANONYMOUS_JID, id)
                                .onFailure(PubSubException.class).recoverWithNull()
                                .chain(listing -> {
                                    if (listing != null && listing.nodes()) {
                                        for (String child : listing.ids()) {
                                            if (child.startsWith(prefix) && seen.add(child)) queue.add(child);
                                        }
                                    }
                                    return collect(queue, seen, shown, prefix);
                                });
                    });
                });
    }

    private Uni<StatusNode> describe(NodeView view) {
        var node = view.node();
        var cfg = node.config();
        String title = cfg.title() == null || cfg.title().isBlank() ? node.id() : cfg.title();
        String description = cfg.description() == null || cfg.description().isBlank() ? null : cfg.description();
        if (cfg.isCollection()) {
            return Uni.createFrom().item(new StatusNode(node.id(), title, description, true, view.subscribers(), List.of()));
        }
        return service.itemsPage(Actor.ANONYMOUS_JID, node.id(),
                        new ItemsQuery(null, List.of(), null, PageRequest.first(config.statusItems())))
                .map(page -> page.items().stream().map(s -> {
                    FeedEntry e = EntryMapper.map(s, cfg, urls);
                    return new StatusNode.Item(s.item().id(), e.title().asPlain(), s.item().published(), e.geo() != null);
                }).toList())
                // a node that keeps no items (persist_items=0) still has a place on the page
                .onFailure(PubSubException.class).recoverWithItem(List.of())
                .map(items -> new StatusNode(node.id(), title, description, false, view.subscribers(), items));
    }
}
