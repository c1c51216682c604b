package org.herald.http.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import org.herald.domain.PubSubException;
import org.herald.http.problem.HttpErrors;
import org.herald.http.problem.HttpProblem;
import org.herald.http.problem.Problem;
import org.jboss.logging.Logger;

/**
 * The refusal of a stream before it starts, as the REST API answers it (RFC 9457 problem+json, the HttpErrors
 * table, an anonymous 403 turned into 401 with a Bearer challenge). Streams are Vert.x routes, outside the REST
 * exception mappers, so they render the same Problem here.
 */
final class StreamProblems {
    private static final Logger LOG = Logger.getLogger(StreamProblems.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TYPE_PREFIX = "urn:herald:problem:";

    private StreamProblems() {
    }

    /** The problem a failure is; {@code anonymous} turns a refusal a token might lift into 401. */
    static Problem of(Throwable failure, String path, boolean anonymous) {
        Problem p;
        if (failure instanceof PubSubException e) {
            HttpErrors.Wire w = HttpErrors.of(e.error());
            String name = w.pubsubCondition() != null ? w.pubsubCondition() : w.condition();
            p = new Problem(TYPE_PREFIX + name, title(w.status()), w.status(), e.text(), path, w.condition(),
                    w.pubsubCondition(), e.field(), e.feature());
        } else if (failure instanceof HttpProblem e) {
            p = new Problem(TYPE_PREFIX + e.condition(), title(e.status()), e.status(), e.getMessage(), path,
                    e.condition(), null, e.field(), null);
        } else {
            LOG.errorf(failure, "unexpected failure opening the stream %s", path);
            p = new Problem(TYPE_PREFIX + "internal-server-error", title(500), 500, "internal error", path,
                    "internal-server-error", null, null, null);
        }
        if (p.status() == 403 && anonymous) {
            p = new Problem(p.type(), title(401), 401, p.detail(), p.instance(), p.condition(), p.pubsubCondition(),
                    p.field(), p.feature());
        }
        return p;
    }

    /** Whether answering this problem should carry a Bearer challenge (RFC 6750 §3). */
    static boolean challenges(Problem p) {
        return p.status() == 401;
    }

    static void write(HttpServerResponse response, Problem p) {
        if (response.headWritten() || response.closed()) return;
        response.setStatusCode(p.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (challenges(p)) response.putHeader("WWW-Authenticate", "Bearer realm=\"herald\"");
        try {
            response.end(JSON.writeValueAsString(p));
        } catch (JsonProcessingException e) {
            response.end();
        }
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 422 -> "Unprocessable Content";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
