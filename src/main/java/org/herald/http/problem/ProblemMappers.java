package org.herald.http.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.herald.domain.PubSubException;
import org.herald.http.auth.CurrentActor;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every refusal of the REST API as RFC 9457 problem+json. A refusal of an anonymous request that a token might
 * lift becomes 401 with a Bearer challenge (RFC 6750 §3) rather than 403, so clients know to authenticate.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    static final String TYPE_PREFIX = "urn:herald:problem:";

    private final CurrentActor actor;

    ProblemMappers(CurrentActor actor) {
        this.actor = actor;
    }

    @ServerExceptionMapper
    public Response pubsub(PubSubException e, UriInfo uri) {
        HttpErrors.Wire w = HttpErrors.of(e.error());
        String name = w.pubsubCondition() != null ? w.pubsubCondition() : w.condition();
        return respond(new Problem(TYPE_PREFIX + name, title(w.status()), w.status(), detail(e), path(uri),
                w.condition(), w.pubsubCondition(), e.field(), e.feature()));
    }

    /**
     * Text worth showing, as over XMPP: a bare refusal's message is only the error's name, and an internal error's
     * may describe Herald's insides, so neither is sent.
     */
    private static String detail(PubSubException e) {
        if (e.error() == org.herald.domain.PubSubError.INTERNAL_SERVER_ERROR) return "internal error";
        String text = e.text();
        return text == null || text.equals(e.error().name()) ? null : text;
    }

    @ServerExceptionMapper
    public Response http(HttpProblem e, UriInfo uri) {
        return respond(new Problem(TYPE_PREFIX + e.condition(), title(e.status()), e.status(), e.getMessage(), path(uri),
                e.condition(), null, e.field(), null));
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
        return respond(new Problem(TYPE_PREFIX + "bad-request", title(400), 400, "malformed JSON: " + detail, path(uri),
                "bad-request", null, field, null));
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
        return respond(new Problem(TYPE_PREFIX + condition, title(status), status, e.getMessage(), path(uri),
                condition, null, null, null));
    }

    /** Anything else is our fault: logged in full, told without internals. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.errorf(e, "unexpected failure serving %s", path(uri));
        return respond(new Problem(TYPE_PREFIX + "internal-server-error", title(500), 500, "internal error", path(uri),
                "internal-server-error", null, null, null));
    }

    private Response respond(Problem p) {
        Problem shown = p;
        boolean challenge = p.status() == 401;
        if (p.status() == 403 && actor.get().anonymous()) {
            // An anonymous reader refused by an access model might be admitted with a token.
            shown = new Problem(p.type(), title(401), 401, p.detail(), p.instance(), p.condition(), p.pubsubCondition(),
                    p.field(), p.feature());
            challenge = true;
        }
        Response.ResponseBuilder r = Response.status(shown.status()).type(Problem.MEDIA_TYPE).entity(shown);
        if (challenge) r.header("WWW-Authenticate", "Bearer realm=\"herald\"");
        return r.build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }

    private static String title(int status) {
        Response.Status s = Response.Status.fromStatusCode(status);
        return s != null ? s.getReasonPhrase() : switch (status) {
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            default -> "Error";
        };
    }
}
