package org.herald.http.problem;

import jakarta.ws.rs.core.Response;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;

/**
 * Builds every problem document Herald answers, whichever route refuses: the REST exception mappers and the
 * stream routes (Vert.x, outside the REST mappers) render the same refusal the same way.
 */
public final class Problems {
    static final String TYPE_PREFIX = "urn:herald:problem:";

    private Problems() {
    }

    /** A core refusal, through the one HTTP error table. */
    public static Problem of(PubSubException e, String path) {
        HttpErrors.Wire w = HttpErrors.of(e.error());
        String name = w.pubsubCondition() != null ? w.pubsubCondition() : w.condition();
        return new Problem(TYPE_PREFIX + name, title(w.status()), w.status(), detail(e), path, w.condition(),
                w.pubsubCondition(), e.field(), e.feature());
    }

    /** A refusal of the HTTP layer itself. */
    public static Problem of(HttpProblem e, String path) {
        return of(e.status(), e.condition(), e.getMessage(), e.field(), path);
    }

    /** A problem with no pubsub condition. */
    public static Problem of(int status, String condition, String detail, String field, String path) {
        return new Problem(TYPE_PREFIX + condition, title(status), status, detail, path, condition, null, field, null);
    }

    /** Our own failure, told without internals (the caller logs it). */
    public static Problem internal(String path) {
        return of(500, "internal-server-error", "internal error", null, path);
    }

    /**
     * The problem as answered to this requester: an anonymous request refused by an access model might be admitted
     * with a token, so its 403 becomes 401 (to be sent with a Bearer challenge, RFC 6750 §3).
     */
    public static Problem forRequester(Problem p, boolean anonymous) {
        if (p.status() != 403 || !anonymous) return p;
        return new Problem(p.type(), title(401), 401, p.detail(), p.instance(), p.condition(), p.pubsubCondition(),
                p.field(), p.feature());
    }

    /**
     * The {@code Retry-After} a problem is answered with (RFC 9110 §10.2.3), or null. A 503 is a PostgreSQL outage or
     * full queues: Herald cannot know how long either lasts, and both are usually over within seconds (a database
     * restart, a burst draining), so clients are told to wait a short fixed delay rather than retry at once.
     */
    public static String retryAfter(Problem p) {
        return p.status() == 503 ? "2" : null;
    }

    /** Whether answering this problem carries a Bearer challenge (RFC 6750 §3). */
    public static boolean challenges(Problem p) {
        return p.status() == 401;
    }

    /**
     * Text worth showing, as over XMPP: a bare refusal's message is only the error's name, and an internal error's
     * may describe Herald's insides, so neither is sent.
     */
    private static String detail(PubSubException e) {
        if (e.error() == PubSubError.INTERNAL_SERVER_ERROR) return "internal error";
        String text = e.text();
        return text == null || text.equals(e.error().name()) ? null : text;
    }

    static String title(int status) {
        Response.Status s = Response.Status.fromStatusCode(status);
        if (s != null) return s.getReasonPhrase();
        return switch (status) {
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
