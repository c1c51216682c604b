package org.herald.http.auth;

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
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.herald.domain.Jid;
import org.herald.http.problem.HttpProblem;
import org.herald.service.ServiceSettings;

/** Service administrators (herald.pubsub.admins) issue, list and revoke bearer tokens. */
@Path("/api/v1/admin/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Administration")
public class AdminTokensResource {

    /**
     * @param jid the JID the token speaks for
     * @param lifetime an ISO-8601 duration (e.g. {@code P30D}), or null for the default
     */
    public record IssueRequest(String jid, String label, String lifetime) {
    }

    /** The secret is in this answer only; Herald keeps its hash. */
    public record IssueResponse(String token, String id, String jid, String label, String created, String expires) {
    }

    public record TokenView(String id, String jid, String label, String created, String expires) {
        static TokenView of(IssuedToken t) {
            return new TokenView(t.id(), t.jid().toString(), t.label(), str(t.created()), str(t.expires()));
        }
    }

    private final TokenService tokens;
    private final CurrentActor actor;
    private final ServiceSettings settings;

    AdminTokensResource(TokenService tokens, CurrentActor actor, ServiceSettings settings) {
        this.tokens = tokens;
        this.actor = actor;
        this.settings = settings;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a bearer token bound to a JID; the secret is shown once")
    public Uni<Response> issue(IssueRequest request) {
        requireAdmin();
        if (request == null) throw HttpProblem.malformed("a JSON body with 'jid' is required");
        if (request.jid() == null) throw HttpProblem.invalid("jid", "is required");
        Jid jid = Jid.tryParse(request.jid());
        if (jid == null) throw HttpProblem.invalid("jid", "is not a JID");
        Duration life;
        try {
            life = request.lifetime() == null ? null : Duration.parse(request.lifetime());
        } catch (DateTimeParseException e) {
            throw HttpProblem.invalid("lifetime", "is not an ISO-8601 duration such as P30D");
        }
        Uni<TokenService.Issued> issued;
        try {
            issued = tokens.issue(jid, request.label(), life);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.invalid("lifetime", e.getMessage());
        }
        return issued.map(i -> Response.created(URI.create("/api/v1/admin/tokens/" + i.token().id()))
                .entity(new IssueResponse(i.secret(), i.token().id(), i.token().jid().toString(), i.token().label(),
                        str(i.token().created()), str(i.token().expires())))
                .build());
    }

    @GET
    @Operation(summary = "List tokens (never their secrets)")
    public Uni<List<TokenView>> list() {
        requireAdmin();
        return tokens.list().map(all -> all.stream().map(TokenView::of).toList());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an issued token")
    public Uni<Response> revoke(@PathParam("id") String id) {
        requireAdmin();
        return tokens.revoke(id).map(found -> {
            if (!found) throw new jakarta.ws.rs.NotFoundException("no issued token " + id);
            return Response.noContent().build();
        });
    }

    private void requireAdmin() {
        if (!settings.isAdmin(actor.required().jid())) throw HttpProblem.forbidden("only service administrators manage tokens");
    }

    private static String str(java.time.Instant i) {
        return i == null ? null : i.toString();
    }
}
