package org.herald.http.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import org.herald.domain.PubSubException;
import org.herald.http.problem.HttpProblem;
import org.herald.http.problem.Problem;
import org.herald.http.problem.Problems;
import org.jboss.logging.Logger;

/**
 * The refusal of a stream before it starts, as the REST API answers it (RFC 9457 problem+json, the HttpErrors
 * table, an anonymous 403 turned into 401 with a Bearer challenge). Streams are Vert.x routes, outside the REST
 * exception mappers, so they render the same Problem here.
 */
final class StreamProblems {
    private static final Logger LOG = Logger.getLogger(StreamProblems.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamProblems() {
    }

    /** The problem a failure is; {@code anonymous} turns a refusal a token might lift into 401. */
    static Problem of(Throwable failure, String path, boolean anonymous) {
        Problem p;
        if (failure instanceof PubSubException e) {
            p = Problems.of(e, path);
        } else if (failure instanceof HttpProblem e) {
            p = Problems.of(e, path);
        } else {
            LOG.errorf(failure, "unexpected failure opening the stream %s", path);
            p = Problems.internal(path);
        }
        return Problems.forRequester(p, anonymous);
    }

    static void write(HttpServerResponse response, Problem p) {
        if (response.headWritten() || response.closed()) return;
        response.setStatusCode(p.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (Problems.challenges(p)) response.putHeader("WWW-Authenticate", "Bearer realm=\"herald\"");
        if (Problems.retryAfter(p) != null) response.putHeader("Retry-After", Problems.retryAfter(p));
        try {
            response.end(JSON.writeValueAsString(p));
        } catch (JsonProcessingException e) {
            response.end();
        }
    }
}
