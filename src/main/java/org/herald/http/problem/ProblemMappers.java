package org.herald.http.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.herald.domain.PubSubException;
import org.herald.http.auth.CurrentActor;
import org.herald.persistence.StorageOutage;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every refusal of the REST API as RFC 9457 problem+json. A refusal of an anonymous request that a token might
 * lift becomes 401 with a Bearer challenge (RFC 6750 §3) rather than 403, so clients know to authenticate.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final CurrentActor actor;

    ProblemMappers(CurrentActor actor) {
        this.actor = actor;
    }

    @ServerExceptionMapper
    public Response pubsub(PubSubException e, UriInfo uri) {
        Response r = respond(Problems.of(e, path(uri)));
        // RFC 6585 §4: a 429 "MAY include a Retry-After header" (RFC 9110 §10.2.3, whole seconds); ours always does.
        if (e.retryAfter() != null) r.getHeaders().putSingle("Retry-After", Long.toString(e.retryAfter().toSeconds()));
        return r;
    }

    @ServerExceptionMapper
    public Response http(HttpProblem e, UriInfo uri) {
        return respond(Problems.of(e, path(uri)));
    }

    /** A body Jackson cannot read: 400, naming the JSON path when Jackson knows it. */
    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        String field = null;
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse(null);
        }
        // The original message quotes parser internals and parts of the input; keep the first line only.
        String detail = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage().lines().findFirst().orElse("");
        return respond(Problems.of(400, "bad-request", "malformed JSON: " + detail, field, path(uri)));
    }

    /**
     * Quarkus REST has a built-in mapper for exactly this type that answers 400 with an empty body; ours, for the exact
     * type, wins and gives the problem document like every other refusal.
     */
    @ServerExceptionMapper
    public Response mismatch(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    /** Routing and content negotiation refusals (404 no route, 405, 406, 415) in the same shape. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status < 400) return e.getResponse();
        String condition = switch (status) {
            case 404 -> "item-not-found";
            case 405 -> "not-allowed";
            case 406, 415 -> "not-acceptable";
            case 401 -> "not-authorized";
            case 403 -> "forbidden";
            default -> status >= 500 ? "internal-server-error" : "bad-request";
        };
        return respond(Problems.of(status, condition, e.getMessage(), null, path(uri)));
    }

    /**
     * Anything else is our fault: logged in full, told without internals. A PostgreSQL outage met outside the pubsub
     * store (token, feed and WebSub stores) is answered as the store answers it: 503, try again later.
     */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(RuntimeException e, UriInfo uri) {
        if (StorageOutage.is(e)) return pubsub((PubSubException) StorageOutage.refusal(e), uri);
        LOG.errorf(e, "unexpected failure serving %s", path(uri));
        return respond(Problems.internal(path(uri)));
    }

    private Response respond(Problem p) {
        Problem shown = Problems.forRequester(p, actor.get().anonymous());
        Response.ResponseBuilder r = Response.status(shown.status()).type(Problem.MEDIA_TYPE).entity(shown);
        if (Problems.challenges(shown)) r.header("WWW-Authenticate", "Bearer realm=\"herald\"");
        if (Problems.retryAfter(shown) != null) r.header("Retry-After", Problems.retryAfter(shown));
        return r.build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }
}
