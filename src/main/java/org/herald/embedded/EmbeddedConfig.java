package org.herald.embedded;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * {@code herald.embedded.*}. Read twice: by {@link HeraldMain} before Quarkus starts (it decides what to start and
 * sets the datasource and Redis addresses from it), and by Quarkus itself, which validates the keys.
 */
@ConfigMapping(prefix = "herald.embedded")
public interface EmbeddedConfig {
    /** {@code herald.embedded=auto|always|never}. */
    @WithParentName
    @WithDefault("auto")
    EmbeddedMode mode();

    /** Where the embedded servers keep their data between runs ({@code postgres/} and {@code redis/} below it). */
    @WithDefault("${user.home}/.herald")
    String dataDir();

    /** Port of the embedded PostgreSQL on 127.0.0.1; 0 takes a free one at each start. */
    @WithDefault("0")
    int postgresPort();

    /** Port of the embedded Redis on 127.0.0.1; 0 takes a free one at each start. */
    @WithDefault("0")
    int redisPort();
}
