package org.herald.fanout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.herald.config.FanOutBatchConfig;
import org.jboss.logging.Logger;

/**
 * The XMPP outbox: a Redis Stream ({@code <prefix>link:outbox}) of {@link OutboxBatch}es that the instances holding
 * a component link read through one consumer group ({@link OutboxConsumer}). An instance without a link queues all
 * its notifications here; an instance with a link queues those of events with more recipients than
 * {@code herald.fanout.batch-size}, so that no publishing request sends thousands of stanzas in one loop and every
 * linked instance takes a share. Entries stay until a linked instance has sent and acknowledged them, so they
 * survive a change of link holder.
 */
@ApplicationScoped
public class XmppOutbox {
    private static final Logger LOG = Logger.getLogger(XmppOutbox.class);
    public static final String GROUP = "link";
    /**
     * How long an XADD's answer is awaited before the outcome is called uncertain ({@link OutboxUncertain}). Long on
     * purpose: a slow answer is not a failure, and only a failure (Redis unreachable) may make the caller send the
     * batch itself; when Redis is really gone the connection fails long before this.
     */
    static final Duration ANSWER_GUARD = Duration.ofSeconds(60);
    /** Retries while the client's pool refuses to queue another command (the XADD was never sent, so it is safe). */
    static final int POOL_BUSY_RETRIES = 40;

    private final RedisAPI redis;
    private final RedisNames names;
    private final Instance instance;
    private final FanOutBatchConfig config;
    private final Counter queued;
    private final Counter queuedNotifications;
    private final Counter dropped;
    private final Counter uncertain;
    private final Counter sentBatches;
    private final Counter claimedBatches;
    private final Counter trimmedBatches;
    private final OutboxFill fill;
    private final Timer lag;
    private final AtomicLong depth = new AtomicLong();

    @Inject
    public XmppOutbox(RedisAPI redis, RedisNames names, Instance instance, FanOutBatchConfig config, MeterRegistry registry) {
        this.redis = redis;
        this.names = names;
        this.instance = instance;
        this.config = config;
        this.queued = batches(registry, "queued");
        this.sentBatches = batches(registry, "sent");
        this.claimedBatches = batches(registry, "claimed");
        this.trimmedBatches = batches(registry, "trimmed");
        this.fill = new OutboxFill(config.outboxMaxLength());
        this.uncertain = batches(registry, "uncertain");
        this.queuedNotifications = Counter.builder("herald.xmpp.outbox.notifications")
                .description("Notification messages this instance queued in the XMPP outbox").register(registry);
        // Same meter as XmppNotifier's: a notification that could neither be sent nor queued.
        this.dropped = Counter.builder("herald.xmpp.notifications").description("Notification messages sent over the component link")
                .tag("result", "dropped").register(registry);
        this.lag = Timer.builder("herald.xmpp.outbox.lag").description("Queued in the XMPP outbox → handed to the link")
                .publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("herald.xmpp.outbox.depth", depth, AtomicLong::get)
                .description("Batches in the XMPP outbox not yet sent and acknowledged (last seen by this instance)")
                .register(registry);
        // depth / capacity is the alert: at 1 Redis drops the oldest unsent batches (see OutboxFill)
        Gauge.builder("herald.xmpp.outbox.capacity", config, c -> (double) c.outboxMaxLength())
                .description("herald.fanout.outbox-max-length: at this depth Redis drops the oldest unsent batches")
                .register(registry);
    }

    private static Counter batches(MeterRegistry registry, String result) {
        return Counter.builder("herald.xmpp.outbox.batches").description("XMPP outbox batches, by what this instance did")
                .tag("result", result).register(registry);
    }

    public String key() {
        return names.name("link", "outbox");
    }

    public int batchSize() {
        return Math.max(1, config.batchSize());
    }

    FanOutBatchConfig config() {
        return config;
    }

    /**
     * Queues one batch. Fails with {@link OutboxUncertain} when Redis took the command but did not answer within
     * {@link #ANSWER_GUARD} (the caller must not send the batch itself), with anything else when Redis is unreachable
     * or refused it (nothing was queued: the caller sends it itself or drops it). A pool too busy to take the command
     * is retried: it was never sent.
     */
    public Uni<Void> add(OutboxBatch batch) {
        List<String> args = List.of(key(), "MAXLEN", "~", Long.toString(config.outboxMaxLength()), "*",
                "m", batch.middle(), "r", batch.encodedRecipients(), "t", Long.toString(batch.createdMillis()),
                "o", instance.id());
        return Uni.createFrom().deferred(() -> redis.xadd(args))
                .onFailure(XmppOutbox::neverSent).retry().withBackOff(Duration.ofMillis(20), Duration.ofMillis(500))
                .atMost(POOL_BUSY_RETRIES)
                .ifNoItem().after(ANSWER_GUARD).failWith(() -> {
                    uncertain.increment();
                    return new OutboxUncertain("Redis did not answer an XADD of " + batch.size()
                            + " notifications within " + ANSWER_GUARD.toSeconds() + " s");
                })
                .invoke(r -> {
                    queued.increment();
                    queuedNotifications.increment(batch.size());
                }).replaceWithVoid();
    }

    /** The client refused the command before sending it (its pool and wait queue are full): retrying is safe. */
    static boolean neverSent(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c.getClass().getSimpleName().equals("ConnectionPoolTooBusyException")) return true;
        }
        return false;
    }

    // Methods, not fields, for the consumer: it holds a CDI client proxy, whose own fields are never set.

    /** A batch was sent and acknowledged: counted, and its time in the outbox recorded. */
    void sent(OutboxBatch batch) {
        sentBatches.increment();
        lag.record(Math.max(0, System.currentTimeMillis() - batch.createdMillis()), TimeUnit.MILLISECONDS);
    }

    void claimed(int batches) {
        claimedBatches.increment(batches);
    }

    /** A length sample (every second on instances with a component): the gauge, and a log line when it nears the cap. */
    void depth(long batches) {
        depth.set(batches);
        Optional<OutboxFill.Change> change;
        synchronized (fill) {
            change = fill.sample(batches);
        }
        change.ifPresent(c -> {
            if (c.warning()) LOG.warn(c.message());
            else LOG.info(c.message());
        });
    }

    OutboxFill.Level fillLevel() {
        synchronized (fill) {
            return fill.level();
        }
    }

    /**
     * Batches read by a consumer that never acknowledged them, then dropped by the cap before another could take
     * them over (Redis 7's XAUTOCLAIM lists them as deleted): their notifications are lost.
     */
    void trimmed(int batches) {
        trimmedBatches.increment(batches);
        LOG.warnf("%d XMPP outbox batches were dropped by herald.fanout.outbox-max-length before they were sent: "
                + "their notifications are lost (the items themselves are stored)", batches);
    }

    /** Counts notifications that could neither be sent (no link here) nor queued (Redis failed). */
    public void dropped(int notifications) {
        dropped.increment(notifications);
    }
}
