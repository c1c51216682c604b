package org.herald.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.herald.domain.Node;
import org.herald.http.auth.CurrentActor;
import org.herald.http.problem.HttpProblem;
import org.herald.service.PubSubService;

/**
 * A node's configuration (XEP-0060 §8.2), for its owners: the pubsub#node_config fields as a JSON object keyed
 * without the "pubsub#" prefix. PUT changes the fields it names and leaves the others as they are (§8.2.4).
 */
@Path("/api/v1/nodes/{node}/config")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Nodes")
public class NodeConfigResource {
    private final PubSubService service;
    private final CurrentActor actor;

    NodeConfigResource(PubSubService service, CurrentActor actor) {
        this.service = service;
        this.actor = actor;
    }

    @GET
    @Operation(summary = "A node's configuration (owner)")
    @APIResponse(responseCode = "200", description = "The configuration")
    @ProblemResponses.Read
    public Uni<ObjectNode> get(@PathParam("node") String node) {
        return service.configuration(actor.required().jid(), node).map(this::json);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change configuration fields (owner); fields left out keep their value")
    @APIResponse(responseCode = "200", description = "The configuration now in force")
    @ProblemResponses.Write
    public Uni<ObjectNode> put(@PathParam("node") String node, JsonNode config) {
        var who = actor.required().jid();
        if (config == null || !config.isObject()) throw HttpProblem.malformed("the body is a JSON object of configuration fields");
        return service.configure(who, node, ConfigJson.toForm(config, ""))
                .onFailure().transform(ConfigJson.fieldsAt(""))
                .map(this::json);
    }

    private ObjectNode json(Node node) {
        return ConfigJson.fromForm(service.configForm().values(node.config()), service.configForm().fields());
    }
}
