package org.herald.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.SubscriptionChange;
import org.herald.domain.SubscriptionState;
import org.herald.http.PathSegments;
import org.herald.http.auth.CurrentActor;
import org.herald.http.problem.HttpProblem;
import org.herald.service.PubSubService;

/**
 * Subscriptions to one node: subscribe (XEP-0060 §6.1, with options §6.3.7) and unsubscribe (§6.2) for the actor
 * itself; the owner's list (§8.8.1) and all-or-nothing changes (§8.8.2).
 */
@Path("/api/v1/nodes/{node}/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Subscriptions")
public class NodeSubscriptionsResource {
    /** Subscribe body: the JID to subscribe (the actor's bare JID when absent, or one of its full JIDs) and options. */
    public record SubscribeRequest(String jid, JsonNode options) {
    }

    /** One entry of an owner's change (§8.8.2): the JID, the SubID when it holds several, the new state. */
    public record Change(String jid, String subid, String state) {
    }

    /** PATCH body. */
    public record Changes(List<Change> subscriptions) {
    }

    private final PubSubService service;
    private final CurrentActor actor;

    NodeSubscriptionsResource(PubSubService service, CurrentActor actor) {
        this.service = service;
        this.actor = actor;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribe the actor (or one of its full JIDs) to the node, optionally with options",
            description = "Under the 'authorize' access model the subscription starts as 'pending' until an owner approves it.")
    @APIResponse(responseCode = "201", description = "The subscription; Location is its address")
    @ProblemResponses.Write
    public Uni<Response> subscribe(@PathParam("node") String node, SubscribeRequest request) {
        Jid who = actor.required().jid();
        Jid jid = who;
        if (request != null && request.jid() != null) {
            jid = Jid.tryParse(request.jid());
            if (jid == null) throw HttpProblem.invalid("jid", "is not a JID");
        }
        var options = request == null || request.options() == null ? null : ConfigJson.toForm(request.options(), "options");
        return service.subscribe(actor.get().rateKey(), who, node, jid, options)
                .onFailure().transform(ConfigJson.fieldsAt("options"))
                .map(s -> Response.created(URI.create(Segments.node(node) + "/subscriptions/" + PathSegments.encode(s.subId())))
                        .entity(SubscriptionJson.of(s, service.optionsForm())).build());
    }

    @DELETE
    @Path("/{subid}")
    @Operation(summary = "End one of the actor's own subscriptions to the node")
    @APIResponse(responseCode = "204", description = "Unsubscribed")
    @ProblemResponses.Write
    public Uni<Response> unsubscribe(@PathParam("node") String node, @PathParam("subid") String subId) {
        Jid who = actor.required().jid();
        return service.subscriptionsOf(who, node).chain(mine -> {
            var held = mine.stream().filter(s -> s.subId().equals(subId)).findFirst().orElseThrow(() ->
                    PubSubException.of(PubSubError.NOT_SUBSCRIBED, "you hold no subscription " + subId + " to this node"));
            return service.unsubscribe(who, node, held.jid(), subId);
        }).map(v -> Response.noContent().build());
    }

    @GET
    @Operation(summary = "Every subscription to the node (owner)")
    @APIResponse(responseCode = "200", description = "The subscriptions")
    @ProblemResponses.Read
    public Uni<SubscriptionJson.Listing> list(@PathParam("node") String node) {
        return service.subscriptions(actor.get().jid(), node).map(all -> SubscriptionJson.Listing.of(all, service.optionsForm()));
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change subscription states (owner): none removes, subscribed approves or adds, pending suspends",
            description = "All entries apply or none; a refused entry is named in the problem's 'field'.")
    @APIResponse(responseCode = "200", description = "The subscriptions now")
    @ProblemResponses.Write
    public Uni<SubscriptionJson.Listing> modify(@PathParam("node") String node, Changes body) {
        Jid who = actor.required().jid();
        if (body == null || body.subscriptions() == null) throw HttpProblem.malformed("the body is {\"subscriptions\": [...]}");
        List<SubscriptionChange> changes = new ArrayList<>();
        for (int i = 0; i < body.subscriptions().size(); i++) {
            Change c = body.subscriptions().get(i);
            String at = "subscriptions[" + i + "]";
            if (c == null) throw HttpProblem.invalid(at, "is null");
            Jid jid = c.jid() == null ? null : Jid.tryParse(c.jid());
            if (jid == null) throw HttpProblem.invalid(at + ".jid", "is not a JID");
            SubscriptionState state = c.state() == null ? null : SubscriptionState.fromWire(c.state());
            if (c.state() != null && state == null) throw HttpProblem.invalid(at + ".state", "is none, subscribed or pending");
            changes.add(new SubscriptionChange(jid, c.subid(), state));
        }
        return service.modifySubscriptions(who, node, changes)
                .onFailure(PubSubException.class).transform(e -> named((PubSubException) e, changes))
                .chain(() -> service.subscriptions(who, node))
                .map(all -> SubscriptionJson.Listing.of(all, service.optionsForm()));
    }

    /** §8.8.2.4: the refusal names the first entry at fault by its place in the request. */
    private static Throwable named(PubSubException e, List<SubscriptionChange> asked) {
        if (e.rejected().isEmpty()) return e;
        SubscriptionChange bad = e.rejected().get(0);
        for (int i = 0; i < asked.size(); i++) {
            SubscriptionChange c = asked.get(i);
            if (c.jid().equals(bad.jid()) && java.util.Objects.equals(c.subId(), bad.subId())) {
                return PubSubException.badField(e.error(), "subscriptions[" + i + "]", e.text());
            }
        }
        return e;
    }
}
