package org.herald.cache;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.herald.testsupport.RedisServer;

/** A private redis-server for one test class, so it may be flushed, paused and killed (never the machine's). */
public class PrivateRedis implements QuarkusTestResourceLifecycleManager {
    static RedisServer server;

    @Override
    public Map<String, String> start() {
        server = RedisServer.start();
        return Map.of("quarkus.redis.hosts", server.uri(0));
    }

    @Override
    public void stop() {
        if (server != null) server.close();
    }
}
