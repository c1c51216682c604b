package org.herald.http.websub;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.herald.http.problem.HttpProblem;
import org.herald.service.limits.LimitedAction;
import org.herald.service.limits.RateKey;
import org.herald.service.limits.RequestLimits;

/**
 * The WebSub hub endpoint (W3C WebSub §4): subscription requests (§5.1) and publishers' pings (§6), as
 * application/x-www-form-urlencoded POSTs. Subscribers need no token: callbacks are anonymous readers, admitted to
 * open nodes only (see {@link AnonymousAccess}).
 */
@Path("/websub")
public class HubResource {
    private final HubRequests requests;
    private final CallbackGuard guard;
    private final Verifier verifier;
    private final Vertx vertx;
    private final RequestLimits limits;

    HubResource(WebSubTopics topics, CallbackGuard guard, Verifier verifier, Vertx vertx, RequestLimits limits) {
        this.limits = limits;
        this.requests = topics.requests();
        this.guard = guard;
        this.verifier = verifier;
        this.vertx = vertx;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "WebSub hub: hub.mode=subscribe|unsubscribe (202, then verified asynchronously) or publish (204)")
    public Uni<Response> post(MultivaluedMap<String, String> form, @jakarta.ws.rs.core.Context HttpServerRequest http) {
        HubRequest request = requests.read(form);
        if (request instanceof HubRequest.Publish) {
            // §6: Herald publishes its own topics as items arrive, so a ping about one of them has nothing left to do.
            return Uni.createFrom().item(Response.noContent().build());
        }
        HubRequest.Subscription subscription = (HubRequest.Subscription) request;
        // Anonymous: counted by client address against the subscribe rate (429 + Retry-After), since each request
        // makes Herald call the callback (docs/limits.md). Behind a proxy, see quarkus.http.proxy.*.
        limits.rates().check(RateKey.address(http.remoteAddress().hostAddress()), LimitedAction.SUBSCRIBE);
        return guard.check(subscription.callback())
                .onFailure(CallbackGuard.UnsafeCallback.class).transform(e -> new HttpProblem(400, "bad-request",
                        "hub.callback", "hub.callback: " + e.getMessage()))
                .map(ok -> {
                    // §5.1.2: 202 Accepted, then validation and verification (§5.2, §5.3) as soon as possible, apart
                    // from this request.
                    Background.run(vertx, "verification", () -> verifier.carryOut(subscription));
                    return Response.accepted().build();
                });
    }
}
