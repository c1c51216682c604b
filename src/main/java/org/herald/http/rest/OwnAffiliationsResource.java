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

/** The actor's own affiliations across the service (XEP-0060 §5.7). */
@Path("/api/v1/affiliations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Affiliations")
public class OwnAffiliationsResource {
    private final PubSubService service;
    private final CurrentActor actor;

    OwnAffiliationsResource(PubSubService service, CurrentActor actor) {
        this.service = service;
        this.actor = actor;
    }

    @GET
    @Operation(summary = "The actor's affiliations with every node")
    @APIResponse(responseCode = "200", description = "The affiliations")
    @ProblemResponses.Read
    public Uni<AffiliationJson.Listing> list() {
        return service.affiliationsOf(actor.required().jid(), null)
                .map(all -> new AffiliationJson.Listing(all.stream().map(AffiliationJson::own).toList()));
    }
}
