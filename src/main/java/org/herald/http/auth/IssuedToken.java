package org.herald.http.auth;

import java.time.Instant;
import org.herald.domain.Jid;

/**
 * A token as listed: never the secret, which exists only in the answer to the request that issued it.
 *
 * @param expires null for a token that lasts until revoked (configured tokens only)
 */
public record IssuedToken(String id, Jid jid, String label, Instant created, Instant expires) {
}
