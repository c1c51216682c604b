package org.herald.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.herald.domain.Jid;
import org.herald.http.auth.CurrentActor;
import org.herald.http.problem.HttpProblem;
import org.herald.service.PubSubService;

/** Nodes: list, create (XEP-0060 §8.1), read (§5.3/§5.4), delete (§8.4), purge (§8.5). */
@Path("/api/v1/nodes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Nodes")
public class NodesResource {
    /** Creation body: a NodeID (absent for an instant node, §8.1.2) and configuration fields (§8.1.3). */
    public record CreateRequest(String id, JsonNode config) {
    }

    private final PubSubService service;
    private final CurrentActor actor;

    NodesResource(PubSubService service, CurrentActor actor) {
        this.service = service;
        this.actor = actor;
    }

    @GET
    @Operation(summary = "List the top-level nodes, or a collection's children with ?parent=",
            description = "Nodes closed to the requester (whitelist nodes it has no affiliation with) are not listed (§5.2).")
    @APIResponse(responseCode = "200", description = "The nodes")
    @ProblemResponses.Read
    public Uni<NodeJson.Listing> list(@QueryParam("parent") String parent) {
        Jid who = actor.get().jid();
        if (parent == null) return service.nodeIds(who).map(ids -> NodeJson.Listing.of(null, ids));
        return service.listing(who, parent).map(l -> {
            if (!l.nodes()) throw HttpProblem.invalid("parent", "is a leaf node: its items are at " + Segments.node(parent) + "/items");
            return NodeJson.Listing.of(parent, l.ids());
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a node; without an id the service names it (instant node)")
    @APIResponse(responseCode = "201", description = "Created; Location is the node's address")
    @ProblemResponses.Write
    public Uni<Response> create(CreateRequest request) {
        Jid who = actor.required().jid();
        String id = request == null ? null : request.id();
        Map<String, List<String>> config = request == null || request.config() == null ? null
                : ConfigJson.toForm(request.config(), "config");
        return service.create(actor.get().rateKey(), who, id, config)
                .onFailure().transform(ConfigJson.fieldsAt("config"))
                .chain(node -> service.node(who, node.id()))
                .map(view -> Response.created(URI.create(Segments.node(view.node().id())))
                        .entity(NodeJson.of(view, service.configForm())).build());
    }

    @GET
    @Path("/{node}")
    @Operation(summary = "A node's type and, for those who may read it, its meta-data and configuration")
    @APIResponse(responseCode = "200", description = "The node")
    @ProblemResponses.Read
    public Uni<NodeJson> get(@PathParam("node") String node) {
        return service.node(actor.get().jid(), node).map(view -> NodeJson.of(view, service.configForm()));
    }

    @DELETE
    @Path("/{node}")
    @Operation(summary = "Delete a node (owner); subscribers may be pointed at ?redirect= (an XMPP URI)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @ProblemResponses.Write
    public Uni<Response> delete(@PathParam("node") String node, @QueryParam("redirect") String redirect) {
        Jid who = actor.required().jid();
        if (redirect != null) checkUri(redirect);
        return service.delete(who, node, redirect).map(v -> Response.noContent().build());
    }

    @POST
    @Path("/{node}/purge")
    @Operation(summary = "Remove every item of a node (owner)")
    @APIResponse(responseCode = "204", description = "Purged")
    @ProblemResponses.Write
    public Uni<Response> purge(@PathParam("node") String node) {
        Jid who = actor.required().jid();
        return service.purge(who, node).map(v -> Response.noContent().build());
    }

    /** §8.4.1: the redirect is a URI (usually xmpp:service?;node=other); anything else would confuse subscribers. */
    private static void checkUri(String redirect) {
        try {
            if (URI.create(redirect).getScheme() == null) throw HttpProblem.invalid("redirect", "must be an absolute URI");
        } catch (IllegalArgumentException e) {
            throw HttpProblem.invalid("redirect", "is not a URI");
        }
    }
}
