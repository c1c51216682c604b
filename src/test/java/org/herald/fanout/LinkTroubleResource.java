package org.herald.fanout;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import org.herald.testsupport.RedisServer;

/**
 * A private Redis (the test changes its ACL and pauses it) and a link set up to show issue #6's delivery bugs: a
 * send-queue limit far below one burst, small outbox batches, and a claim-after short enough to wait through.
 */
public class LinkTroubleResource implements QuarkusTestResourceLifecycleManager {
    private static volatile RedisServer current;

    static RedisServer redis() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        current = RedisServer.start();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.redis.hosts", current.uri(0));
        config.put("herald.fanout.batch-size", "4");
        config.put("herald.component.max-send-queue-bytes", "2048");
        config.put("herald.fanout.outbox-claim-after", "2s");
        config.put("herald.component.max-stanza-bytes", "1048576"); // the burst publishes 60 kB items
        return config;
    }

    @Override
    public void stop() {
        RedisServer r = current;
        current = null;
        if (r != null) r.close();
    }
}
