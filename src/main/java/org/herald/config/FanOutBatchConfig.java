package org.herald.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The XMPP outbox (docs/cluster-link.md): a Redis Stream of notification batches that the instances holding a
 * component link consume. Only the {@code batch-*} and {@code outbox-*} keys of {@code herald.fanout} are read
 * here; the Redis bus of the HTTP streams has its own mapping under the same prefix.
 */
@ConfigMapping(prefix = "herald.fanout")
public interface FanOutBatchConfig {
    /**
     * Recipients of one event above which an instance with a link does not send the notifications itself inside
     * the publishing request, but queues them in batches of this size for every linked instance to share.
     */
    @WithDefault("500")
    int batchSize();

    /** A safety cap on the outbox stream's length (XADD MAXLEN ~): beyond it the oldest batches are dropped. */
    @WithDefault("100000")
    long outboxMaxLength();

    /** A batch read but not acknowledged for this long is taken over by another linked instance (XAUTOCLAIM). */
    @WithDefault("10s")
    Duration outboxClaimAfter();

    /** How long one XREADGROUP waits for new batches before it asks again. */
    @WithDefault("1s")
    Duration outboxBlock();
}
