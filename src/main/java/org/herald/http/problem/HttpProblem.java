package org.herald.http.problem;

/**
 * An HTTP request refused before it reaches the core (no token, malformed body, a field the JSON cannot carry),
 * rendered as problem+json by {@link ProblemMappers}. Refusals from the core travel as PubSubException instead.
 */
public final class HttpProblem extends RuntimeException {
    private final int status;
    private final String condition;
    private final String field;

    public HttpProblem(int status, String condition, String field, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.condition = condition;
        this.field = field;
    }

    /** 400: the request cannot be read at all (malformed JSON or XML, wrong shape). */
    public static HttpProblem malformed(String detail) {
        return new HttpProblem(400, "bad-request", null, detail);
    }

    /** 422: the request was read but {@code field} holds a value that cannot be accepted. */
    public static HttpProblem invalid(String field, String detail) {
        return new HttpProblem(422, "bad-request", field, field + ": " + detail);
    }

    /** 401: the action needs an authenticated actor (or the token given is not valid). */
    public static HttpProblem unauthenticated(String detail) {
        return new HttpProblem(401, "not-authorized", null, detail);
    }

    /** 403: authenticated, but this actor may not do it. */
    public static HttpProblem forbidden(String detail) {
        return new HttpProblem(403, "forbidden", null, detail);
    }

    public int status() {
        return status;
    }

    public String condition() {
        return condition;
    }

    public String field() {
        return field;
    }
}
