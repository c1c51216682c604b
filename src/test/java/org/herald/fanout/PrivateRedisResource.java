package org.herald.fanout;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.herald.testsupport.RedisServer;

/** Points a {@code @QuarkusTest} at a Redis of its own, which the test may kill and restart. */
public class PrivateRedisResource implements QuarkusTestResourceLifecycleManager {
    private static volatile RedisServer current;

    static RedisServer redis() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        current = RedisServer.start();
        // Every event goes through the outbox (batch size 1), so that a Redis outage shows its fallback.
        return Map.of("quarkus.redis.hosts", current.uri(0), "herald.fanout.batch-size", "1");
    }

    @Override
    public void stop() {
        RedisServer r = current;
        current = null;
        if (r != null) r.close();
    }
}
