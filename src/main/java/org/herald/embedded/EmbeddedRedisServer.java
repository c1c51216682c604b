package org.herald.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * A redis-server from the binary bundled in the jar (codemonstur embedded-redis, Redis 6.2 on linux-amd64), bound to
 * 127.0.0.1, snapshotting into {@code dataDir}. Redis holds only copies and transient state for Herald (PostgreSQL is
 * the truth), so the snapshot is a convenience, not a guarantee.
 */
final class EmbeddedRedisServer implements AutoCloseable {
    private final RedisServer redis;
    private final int port;

    private EmbeddedRedisServer(RedisServer redis, int port) {
        this.redis = redis;
        this.port = port;
    }

    static EmbeddedRedisServer start(Path dataDir, int port) {
        try {
            RedisServer redis = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("dir " + dataDir.toAbsolutePath())
                    .setting("save 60 1")
                    .setting("protected-mode yes")
                    .build();
            redis.start();
            return new EmbeddedRedisServer(redis, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded Redis in " + dataDir, e);
        }
    }

    int port() {
        return port;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            if (redis.isActive()) redis.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
