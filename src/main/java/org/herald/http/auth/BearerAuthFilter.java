package org.herald.http.auth;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.herald.http.problem.HttpProblem;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Resolves the bearer token of every REST request to an {@link Actor} (RFC 6750 §2.1, header only: tokens in
 * query strings end up in logs and histories). A request without one is anonymous; one with an unknown, expired
 * or malformed token is refused with 401 rather than served as anonymous, so a client learns its token is bad.
 */
public class BearerAuthFilter {
    private final TokenService tokens;
    private final CurrentActor current;

    BearerAuthFilter(TokenService tokens, CurrentActor current) {
        this.tokens = tokens;
        this.current = current;
    }

    @ServerRequestFilter
    public Uni<Void> authenticate(ContainerRequestContext request) {
        return tokens.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION)).map(found -> {
            current.set(found.orElseThrow(() -> HttpProblem.unauthenticated("the bearer token is not valid or has expired")));
            return null;
        });
    }
}
