package org.herald.http.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.herald.domain.Jid;
import org.herald.http.auth.CurrentActor;
import org.herald.http.json.ItemJson;
import org.herald.http.problem.HttpProblem;
import org.herald.service.ItemDraft;
import org.herald.service.ItemsQuery;
import org.herald.service.PageRequest;
import org.herald.metrics.PublishMetrics;
import org.herald.service.PubSubService;
import org.herald.service.PublishResult;

/**
 * A node's items: list with cursor paging (XEP-0060 §6.5 with XEP-0059), read one (§6.5.8), publish (§7.1) with
 * or without an ItemID, retract (§7.2). Payloads are read by Content-Type ({@link PayloadReader}).
 */
@Path("/api/v1/nodes/{node}/items")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Items")
public class ItemsResource {
    /** Publish-option preconditions (§7.1.5) travel as query parameters named with this prefix. */
    static final String PRECONDITION = "precondition.";

    /** What a publisher is told (§7.1.2); {@code id} is null for a notification-only node that keeps nothing. */
    public record Published(String node, String id) {
    }

    private final PubSubService service;
    private final CurrentActor actor;
    private final PayloadReader payloads;
    private final RestConfig config;
    private final PublishMetrics publishes;

    ItemsResource(PubSubService service, CurrentActor actor, PayloadReader payloads, RestConfig config,
                  PublishMetrics publishes) {
        this.service = service;
        this.publishes = publishes;
        this.actor = actor;
        this.payloads = payloads;
        this.config = config;
    }

    @GET
    @Operation(summary = "A page of the node's items, newest first",
            description = "Pass 'next' as ?after= for older items and 'previous' as ?before= for newer ones. "
                    + "Cursors are opaque; a cursor whose item is gone is refused with 404 (start again from the first page).")
    @APIResponse(responseCode = "200", description = "The page")
    @ProblemResponses.Read
    public Uni<ItemsPageJson> list(@PathParam("node") String node,
                                   @Parameter(description = "Page size (1..max, default from configuration)") @QueryParam("limit") String limit,
                                   @Parameter(description = "Cursor: items older than it") @QueryParam("after") String after,
                                   @Parameter(description = "Cursor: items newer than it") @QueryParam("before") String before) {
        Integer max = Params.integer("limit", limit, 1, config.maxPageSize());
        if (after != null && before != null) {
            throw new HttpProblem(400, "bad-request", "before", "use either after or before, not both");
        }
        PageRequest page = new PageRequest(max == null ? config.defaultPageSize() : max,
                ItemCursor.itemId("after", after), ItemCursor.itemId("before", before), null);
        return service.itemsPage(actor.get().jid(), node, new ItemsQuery(null, List.of(), null, page)).map(ItemsPageJson::of);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One item")
    @APIResponse(responseCode = "200", description = "The item")
    @ProblemResponses.Read
    public Uni<ItemJson> get(@PathParam("node") String node, @PathParam("id") String id) {
        return service.retrieve(actor.get().jid(), node, new ItemsQuery(null, List.of(id), null))
                .map(found -> ItemJson.of(found.items().get(0), null, found.node().config()));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Publish an item; the service assigns its id",
            description = "Body by Content-Type: application/json (stored as an XEP-0335 JSON container), "
                    + "application/atom+xml (an Atom entry), application/xml or text/xml (one namespaced element). "
                    + "An empty body publishes a bare notification (notification-only nodes). "
                    + "Publish options (§7.1.5) as query parameters precondition.<field>=<value>.")
    @APIResponse(responseCode = "201", description = "Published; Location is the item's address")
    @APIResponse(responseCode = "413", description = "The payload is larger than the node accepts (pubsub#max_payload_size)")
    @APIResponse(responseCode = "415", description = "Unsupported Content-Type")
    @ProblemResponses.Write
    public Uni<Response> publish(@PathParam("node") String node, @Context HttpHeaders headers, @Context UriInfo uri, byte[] body) {
        Jid who = actor.required().jid();
        ItemDraft draft = payloads.read(null, body, headers.getMediaType());
        return publishes.observe(PublishMetrics.REST, () -> service.publish(actor.get().rateKey(), who, node, draft, preconditions(uri)))
                .onFailure().transform(ConfigJson.fieldsAt("precondition")).map(r -> {
            if (r.itemId() == null) return Response.accepted(new Published(r.node(), null)).build();
            return Response.created(URI.create(Segments.item(r.node(), r.itemId()))).entity(published(r)).build();
        });
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Publish an item with this id, replacing any item with the same id (§7.1.2)",
            description = "Bodies as for POST; an empty body publishes an item without payload.")
    @APIResponse(responseCode = "200", description = "Published")
    @APIResponse(responseCode = "413", description = "The payload is larger than the node accepts (pubsub#max_payload_size)")
    @APIResponse(responseCode = "415", description = "Unsupported Content-Type")
    @ProblemResponses.Write
    public Uni<Published> put(@PathParam("node") String node, @PathParam("id") String id, @Context HttpHeaders headers,
                              @Context UriInfo uri, byte[] body) {
        Jid who = actor.required().jid();
        ItemDraft read = payloads.read(id, body, headers.getMediaType());
        ItemDraft draft = read == null ? new ItemDraft(id, null, null) : read;
        return publishes.observe(PublishMetrics.REST, () -> service.publish(actor.get().rateKey(), who, node, draft, preconditions(uri)))
                .onFailure().transform(ConfigJson.fieldsAt("precondition")).map(ItemsResource::published);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Retract an item (§7.2); ?notify= overrides the node's pubsub#notify_retract")
    @APIResponse(responseCode = "204", description = "Retracted")
    @ProblemResponses.Write
    public Uni<Response> retract(@PathParam("node") String node, @PathParam("id") String id,
                                 @QueryParam("notify") String notify) {
        Jid who = actor.required().jid();
        Boolean tell = Params.bool("notify", notify);
        return service.retract(who, node, List.of(id), tell).map(v -> Response.noContent().build());
    }

    private static Published published(PublishResult r) {
        return new Published(r.node(), r.itemId());
    }

    /** §7.1.5: precondition.access_model=open → pubsub#access_model = [open]. */
    private static Map<String, List<String>> preconditions(UriInfo uri) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((name, values) -> {
            if (name.startsWith(PRECONDITION) && name.length() > PRECONDITION.length()) {
                options.put(ConfigJson.PREFIX + name.substring(PRECONDITION.length()), List.copyOf(values));
            }
        });
        return options;
    }
}
