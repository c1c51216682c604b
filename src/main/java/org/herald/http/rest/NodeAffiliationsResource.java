package org.herald.http.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.herald.domain.Affiliation;
import org.herald.domain.AffiliationEntry;
import org.herald.domain.Jid;
import org.herald.http.auth.CurrentActor;
import org.herald.http.problem.HttpProblem;
import org.herald.service.PubSubService;

/** A node's affiliations, for its owners (XEP-0060 §8.9): list, and change all-or-nothing (§8.9.2.4). */
@Path("/api/v1/nodes/{node}/affiliations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Affiliations")
public class NodeAffiliationsResource {
    private final PubSubService service;
    private final CurrentActor actor;

    NodeAffiliationsResource(PubSubService service, CurrentActor actor) {
        this.service = service;
        this.actor = actor;
    }

    @GET
    @Operation(summary = "The node's affiliations (owner)")
    @APIResponse(responseCode = "200", description = "The affiliations")
    @ProblemResponses.Read
    public Uni<AffiliationJson.Listing> list(@PathParam("node") String node) {
        return service.affiliations(actor.get().jid(), node).map(NodeAffiliationsResource::listing);
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change affiliations (owner); 'none' removes one. All apply or none",
            description = "Whoever may no longer hold a subscription (outcasts, strangers to a whitelist node) loses it.")
    @APIResponse(responseCode = "200", description = "The affiliations now")
    @ProblemResponses.Write
    public Uni<AffiliationJson.Listing> modify(@PathParam("node") String node, AffiliationJson.Listing body) {
        Jid who = actor.required().jid();
        if (body == null || body.affiliations() == null) throw HttpProblem.malformed("the body is {\"affiliations\": [...]}");
        Map<Jid, Affiliation> changes = new LinkedHashMap<>();
        for (int i = 0; i < body.affiliations().size(); i++) {
            AffiliationJson a = body.affiliations().get(i);
            String at = "affiliations[" + i + "]";
            if (a == null) throw HttpProblem.invalid(at, "is null");
            Jid jid = a.jid() == null ? null : Jid.tryParse(a.jid());
            if (jid == null) throw HttpProblem.invalid(at + ".jid", "is not a JID");
            Affiliation aff = a.affiliation() == null ? null : Affiliation.fromWire(a.affiliation());
            if (aff == null) {
                throw HttpProblem.invalid(at + ".affiliation", "is owner, publisher, publish-only, member, none or outcast");
            }
            changes.put(jid, aff);
        }
        return service.modifyAffiliations(who, node, changes)
                .chain(() -> service.affiliations(who, node))
                .map(NodeAffiliationsResource::listing);
    }

    private static AffiliationJson.Listing listing(List<AffiliationEntry> all) {
        return new AffiliationJson.Listing(all.stream().map(AffiliationJson::atNode).toList());
    }
}
