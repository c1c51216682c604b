package org.herald.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Names of Herald's Redis keys and pub/sub channels, all under one prefix ({@code herald.redis.prefix}). Keys are
 * scoped by the Redis database number, pub/sub channels are not: two Herald deployments (or two test runs) on one
 * Redis keep apart only through distinct prefixes.
 */
@ApplicationScoped
public class RedisNames {
    private final String prefix;

    public RedisNames(@ConfigProperty(name = "herald.redis.prefix", defaultValue = "herald:") String prefix) {
        this.prefix = prefix;
    }

    /** The prefix itself, e.g. {@code herald:}. */
    public String prefix() {
        return prefix;
    }

    /** A name under the prefix: {@code name("bus", "node")} is {@code herald:bus:node}. */
    public String name(String... parts) {
        return prefix + String.join(":", parts);
    }
}
