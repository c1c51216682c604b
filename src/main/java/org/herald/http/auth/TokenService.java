package org.herald.http.auth;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.herald.domain.Jid;
import org.herald.http.HttpConfig;

/**
 * Bearer tokens bound to JIDs: issues them, resolves an {@code Authorization} header to an {@link Actor}, revokes.
 * A token is {@value #PREFIX} followed by 256 random bits in base64url; only its SHA-256 is stored or configured,
 * so neither the database nor the configuration holds a usable secret.
 */
@ApplicationScoped
public class TokenService {
    static final String PREFIX = "hrld_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TokenStore store;
    private final HttpConfig config;
    private final Clock clock = Clock.systemUTC();
    /** Configured tokens by the hex of their hash. */
    private final Map<String, IssuedToken> configured = new HashMap<>();

    TokenService(TokenStore store, HttpConfig config) {
        this.store = store;
        this.config = config;
        config.tokens().forEach((name, t) -> {
            String hex = t.sha256().trim().toLowerCase(Locale.ROOT);
            if (!hex.matches("[0-9a-f]{64}")) {
                // Named without the value: a misplaced secret in this key must not reach the log either.
                throw new IllegalArgumentException("herald.http.tokens." + name + ".sha256 is not a hex SHA-256");
            }
            Jid jid = Jid.parse(t.jid().trim());
            configured.put(hex, new IssuedToken("config:" + name, jid, t.label().orElse(name), null, null));
        });
    }

    /** A freshly issued token: the secret, shown once, and what is kept of it. */
    public record Issued(String secret, IssuedToken token) {
    }

    /**
     * Issues a token for {@code jid}. {@code lifetime} null takes the default; longer than the maximum is refused
     * with {@link IllegalArgumentException} (the caller names the field).
     */
    public Uni<Issued> issue(Jid jid, String label, Duration lifetime) {
        Duration life = lifetime == null ? config.tokenDefaultLifetime() : lifetime;
        if (life.isNegative() || life.isZero() || life.compareTo(config.tokenMaxLifetime()) > 0) {
            throw new IllegalArgumentException("lifetime must be positive and at most " + config.tokenMaxLifetime());
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byte[] id = new byte[9];
        RANDOM.nextBytes(id);
        Instant now = clock.instant();
        IssuedToken token = new IssuedToken(Base64.getUrlEncoder().withoutPadding().encodeToString(id), jid.bare(),
                label, now, now.plus(life));
        return store.insert(token, hash(secret)).replaceWith(new Issued(secret, token));
    }

    /**
     * The actor an {@code Authorization} header speaks for: anonymous without one; an empty Optional for a header
     * that is not a valid, unexpired bearer token (the caller answers 401).
     */
    public Uni<Optional<Actor>> authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) return Uni.createFrom().item(Optional.of(Actor.ANONYMOUS));
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) return Uni.createFrom().item(Optional.empty());
        return resolve(parts[1]);
    }

    /** The actor a bare token string speaks for, or empty when it is unknown or expired. */
    public Uni<Optional<Actor>> resolve(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return Uni.createFrom().item(Optional.empty());
        }
        byte[] hash = hash(secret);
        IssuedToken fixed = configured.get(HexFormat.of().formatHex(hash));
        if (fixed != null) return Uni.createFrom().item(Optional.of(Actor.of(fixed.jid(), fixed.id())));
        Instant now = clock.instant();
        return store.find(hash).map(found -> found
                .filter(t -> t.expires() == null || t.expires().isAfter(now))
                .map(t -> Actor.of(t.jid(), t.id())));
    }

    /** Every issued token (configured ones first), without secrets. */
    public Uni<List<IssuedToken>> list() {
        return store.list().map(issued -> {
            List<IssuedToken> all = new java.util.ArrayList<>(configured.values());
            all.addAll(issued);
            return List.copyOf(all);
        });
    }

    /** Revokes an issued token; configured ones are revoked by removing them from the configuration. */
    public Uni<Boolean> revoke(String id) {
        return store.delete(id);
    }

    /** The SHA-256 of a token, as stored; operators compute it with {@code printf %s TOKEN | sha256sum}. */
    public static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
