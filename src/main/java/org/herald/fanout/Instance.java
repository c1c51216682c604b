package org.herald.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.UUID;

/**
 * This Herald process among the replicas that share PostgreSQL and Redis. Its id is new at every start (a restarted
 * instance is a new member): it names the sender of bus messages, the holder of a lease and a stream consumer.
 */
@ApplicationScoped
public class Instance {
    private final String id = host() + "-" + ProcessHandle.current().pid() + "-"
            + UUID.randomUUID().toString().substring(0, 8);

    /** Unique among all instances ever started: host, process id and a random part. */
    public String id() {
        return id;
    }

    private static String host() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.isBlank() ? "herald" : name.replaceAll("[^A-Za-z0-9.-]", "_");
        } catch (Exception e) {
            // the JVM name is "pid@host" on HotSpot; anything will do, the random part keeps ids unique
            return ManagementFactory.getRuntimeMXBean().getName().replaceAll("[^A-Za-z0-9.-]", "_");
        }
    }
}
