package org.herald.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The HTTP front-end's settings (README, "Configuration"). */
@ConfigMapping(prefix = "herald.http")
public interface HttpConfig {

    /**
     * The address at which people and other servers reach this Herald, without a trailing slash: feeds' rel=self
     * and rel=hub links and WebSub topics are built from it, so behind a proxy it must be the public one.
     */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /**
     * Tokens the operator configures rather than issues, by name: {@code herald.http.tokens.<name>.jid} and
     * {@code herald.http.tokens.<name>.sha256} (the hex SHA-256 of the token, so the secret itself is never in
     * the configuration). The usual first one is an administrator's, who then issues the others.
     */
    Map<String, ConfiguredToken> tokens();

    /** How long an issued token lives when the request names no lifetime. */
    @WithDefault("90d")
    Duration tokenDefaultLifetime();

    /** The longest lifetime a token may be issued for. */
    @WithDefault("365d")
    Duration tokenMaxLifetime();

    interface ConfiguredToken {
        String jid();

        String sha256();

        Optional<String> label();
    }
}
