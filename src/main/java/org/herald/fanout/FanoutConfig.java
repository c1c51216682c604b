package org.herald.fanout;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How stream events travel between Herald instances (issue #6, docs/fanout.md); defaults in application.properties. */
@ConfigMapping(prefix = "herald.fanout")
public interface FanoutConfig {

    /** {@code redis} (every instance hears every other) or {@code local} (one instance alone, no Redis pub/sub). */
    @WithDefault("redis")
    Mode bus();

    /** How often an instance tells the others how many bus messages it has sent, so a lost last message is noticed. */
    @WithDefault("1s")
    Duration heartbeat();

    /** First wait before reconnecting the subscription to Redis; doubles up to {@link #reconnectMax()}. */
    @WithDefault("100ms")
    Duration reconnectMin();

    @WithDefault("5s")
    Duration reconnectMax();

    /** A PUBLISH not answered within this counts as failed (the receivers then fill the gap from PostgreSQL). */
    @WithDefault("2s")
    Duration publishTimeout();

    /** Events waiting for Redis; beyond this the oldest are dropped (and the receivers fill the gap). */
    @WithDefault("10000")
    int maxQueue();

    /** Events carried by one bus message at most: several events queued while a PUBLISH is under way go as one. */
    @WithDefault("256")
    int maxBatch();

    /** Items read per PostgreSQL query while filling a gap. */
    @WithDefault("200")
    int fillPage();

    /** Sequence numbers remembered per followed node to drop late copies of items already delivered. */
    @WithDefault("4096")
    int dedupeWindow();

    enum Mode { REDIS, LOCAL }
}
