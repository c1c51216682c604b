package org.herald.http.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.herald.http.auth.CurrentActor;
import org.herald.service.PubSubService;

/** The actor's own subscriptions across the service (XEP-0060 §5.6). */
@Path("/api/v1/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Subscriptions")
public class OwnSubscriptionsResource {
    private final PubSubService service;
    private final CurrentActor actor;

    OwnSubscriptionsResource(PubSubService service, CurrentActor actor) {
        this.service = service;
        this.actor = actor;
    }

    @GET
    @Operation(summary = "The actor's subscriptions to every node")
    @APIResponse(responseCode = "200", description = "The subscriptions")
    @ProblemResponses.Read
    public Uni<SubscriptionJson.Listing> list() {
        return service.subscriptionsOf(actor.required().jid(), null)
                .map(all -> SubscriptionJson.Listing.of(all, service.optionsForm()));
    }
}
