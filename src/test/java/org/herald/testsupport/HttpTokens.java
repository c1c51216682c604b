package org.herald.testsupport;

import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import org.herald.domain.Jid;
import org.herald.http.auth.TokenService;

/**
 * Bearer tokens for HTTP tests, issued through the real TokenService (stored hashed in PostgreSQL). The
 * administrator's token is configured in the test profile (application.properties).
 */
@ApplicationScoped
public class HttpTokens {
    /** The token configured for admin@localhost, a service administrator in the test profile. */
    public static final String ADMIN = "hrld_test-admin-token";

    private final TokenService tokens;

    HttpTokens(TokenService tokens) {
        this.tokens = tokens;
    }

    /** A fresh token for {@code jid}. */
    public String issue(String jid) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> tokens.issue(Jid.parse(jid), "test", null)).secret();
        } catch (Throwable e) {
            throw new IllegalStateException("could not issue a token for " + jid, e);
        }
    }

    /** The {@code Authorization} header value for a token. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
