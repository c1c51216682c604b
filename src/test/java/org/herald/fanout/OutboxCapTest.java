package org.herald.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.herald.config.FanOutBatchConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox's cap against the real Redis: past {@code herald.fanout.outbox-max-length} Redis really drops unsent
 * batches (the loss OutboxFill exists to report), and the outbox then reports itself full. The outbox is built here
 * with a cap of 200 on a key prefix of its own; the application's outbox is not touched.
 */
@QuarkusTest
class OutboxCapTest {
    static final long CAP = 200;

    @Inject
    RedisAPI redis;

    @Inject
    Instance instance;

    final RedisNames names = new RedisNames("outbox-cap-" + UUID.randomUUID().toString().substring(0, 8) + ":");
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void removeStream() {
        redis.del(List.of(names.name("link", "outbox"))).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void pastTheCapRedisDropsUnsentBatchesAndTheOutboxSaysItIsFull() {
        XmppOutbox outbox = new XmppOutbox(redis, names, instance, config(CAP), registry);
        for (int i = 0; i < 1000; i++) {
            outbox.add(OutboxBatch.single("<message to='r" + i + "@example.org'/>")).await().atMost(Duration.ofSeconds(5));
        }
        long length = redis.xlen(outbox.key()).await().atMost(Duration.ofSeconds(5)).toLong();

        // MAXLEN ~ trims whole stream nodes (100 entries by default): near the cap, never the 1000 queued
        assertThat(length).isBetween(CAP, CAP + 100);
        outbox.depth(length);
        assertThat(outbox.fillLevel()).isEqualTo(OutboxFill.Level.FULL);
        assertThat(registry.get("herald.xmpp.outbox.capacity").gauge().value()).isEqualTo(CAP);
        assertThat(registry.get("herald.xmpp.outbox.depth").gauge().value()).isEqualTo(length);

        outbox.depth(0);
        assertThat(outbox.fillLevel()).isEqualTo(OutboxFill.Level.NORMAL);
    }

    static FanOutBatchConfig config(long cap) {
        return new FanOutBatchConfig() {
            @Override
            public int batchSize() {
                return 500;
            }

            @Override
            public long outboxMaxLength() {
                return cap;
            }

            @Override
            public Duration outboxClaimAfter() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Duration outboxBlock() {
                return Duration.ofSeconds(1);
            }
        };
    }
}
