package org.herald.ingest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.http.auth.CurrentActor;
import org.herald.http.problem.HttpProblem;

/** External feeds ingested into nodes (issue 5; docs/feed-ingestion.md). Every call needs a token. */
@Path("/api/v1/feeds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Feed ingestion")
public class FeedsResource {
    private final FeedRegistry registry;
    private final CurrentActor actor;

    FeedsResource(FeedRegistry registry, CurrentActor actor) {
        this.registry = registry;
        this.actor = actor;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a feed to publish into a node (an affiliate who may publish to the node)",
            description = "The URL must be http(s) and, unless the operator allows it, not resolve to a private address.")
    @APIResponse(responseCode = "201", description = "Registered; the first fetch is due now")
    @APIResponse(responseCode = "401", description = "No token")
    @APIResponse(responseCode = "403", description = "No affiliation that may publish to the node")
    @APIResponse(responseCode = "404", description = "No such node")
    @APIResponse(responseCode = "409", description = "The node already has this feed")
    @APIResponse(responseCode = "422", description = "Bad url or node")
    public Uni<Response> register(FeedJson.Registration body) {
        var who = actor.required().jid();
        if (body == null) throw HttpProblem.malformed("the body is {\"url\": ..., \"node\": ...}");
        return registry.register(who, body.url(), body.node()).map(f -> Response
                .created(URI.create("/api/v1/feeds/" + f.id())).entity(FeedJson.of(f)).build());
    }

    @GET
    @Operation(summary = "The caller's feeds (an admin's: all)")
    @APIResponse(responseCode = "200", description = "The feeds")
    public Uni<FeedJson.Listing> list() {
        return registry.list(actor.required().jid()).map(all -> new FeedJson.Listing(all.stream().map(FeedJson::of).toList()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A feed and how its fetching goes")
    @APIResponse(responseCode = "200", description = "The feed: status, last fetch, HTTP status, last error, next fetch")
    @APIResponse(responseCode = "404", description = "No such feed visible to the caller")
    public Uni<FeedJson> get(@PathParam("id") String id) {
        return registry.get(actor.required().jid(), id(id)).map(FeedJson::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Stop ingesting a feed (items already published stay)")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such feed visible to the caller")
    public Uni<Void> delete(@PathParam("id") String id) {
        return registry.delete(actor.required().jid(), id(id));
    }

    private static long id(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw PubSubException.of(PubSubError.ITEM_NOT_FOUND, "no such feed"); // ids are numbers: nothing else exists
        }
    }
}
