package org.herald.fanout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.herald.config.ComponentConfig;
import org.herald.xmpp.component.ComponentLink;
import org.jboss.logging.Logger;

/**
 * Sends what the XMPP outbox holds, on every instance whose component link is up: reads new batches through the
 * consumer group (XREADGROUP on a connection of its own, since it blocks), sends them, then acknowledges and
 * deletes them (XACK, XDEL). Batches read by an instance that died or lost its link before acknowledging them are
 * taken over once idle for {@code herald.fanout.outbox-claim-after} (XAUTOCLAIM). Delivery is at least once: a
 * holder killed between its socket write and its XACK has its batch sent again by the next one.
 */
@ApplicationScoped
public class OutboxConsumer {
    private static final Logger LOG = Logger.getLogger(OutboxConsumer.class);
    /** How often the link and the outbox are looked at; also the pause after a Redis failure. */
    static final long TICK_MILLIS = 250;
    /** Stanzas per socket write while sending a batch. */
    static final int STANZAS_PER_WRITE = 64;

    @Inject
    Vertx vertx;

    @Inject
    Redis client;

    @Inject
    RedisAPI redis;

    @Inject
    XmppOutbox outbox;

    @Inject
    ComponentLink link;

    @Inject
    ComponentConfig component;

    @Inject
    Instance instance;

    @Inject
    MeterRegistry registry;

    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean measuring = new AtomicBoolean();
    private volatile RedisConnection connection;
    private volatile boolean stopped;
    private volatile boolean redisTrouble;
    private volatile long lastClaim;
    private volatile long lastDepth;
    private final List<Long> timers = new ArrayList<>();
    private Counter sentNotifications;

    void onStart(@Observes StartupEvent event) {
        if (!component.enabled()) return;
        sentNotifications = Counter.builder("herald.xmpp.notifications").description("Notification messages sent over the component link")
                .tag("result", "sent").register(registry);
        timers.add(vertx.setPeriodic(TICK_MILLIS, id -> tick()));
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        timers.forEach(vertx::cancelTimer);
        RedisConnection c = connection;
        if (c != null) c.close().subscribe().with(v -> { }, e -> { });
    }

    private void tick() {
        long now = System.currentTimeMillis();
        if (now - lastDepth >= 1000 && measuring.compareAndSet(false, true)) {
            lastDepth = now;
            redis.xlen(outbox.key()).ifNoItem().after(Duration.ofSeconds(1)).fail()
                    .onTermination().invoke(() -> measuring.set(false))
                    .subscribe().with(r -> outbox.depth(r == null ? 0 : r.toLong()), e -> { });
        }
        if (stopped || !link.isConnected()) return;
        if (reading.compareAndSet(false, true)) {
            connection().chain(this::ensureGroup).subscribe().with(api -> readLoop(api), e -> {
                failed("reading the XMPP outbox", e);
                reading.set(false);
            });
        }
        long claimEvery = Math.max(TICK_MILLIS, outbox.config().outboxClaimAfter().toMillis() / 2);
        if (now - lastClaim >= claimEvery && claiming.compareAndSet(false, true)) {
            lastClaim = now;
            claim().onTermination().invoke(() -> claiming.set(false))
                    .subscribe().with(v -> { }, e -> failed("claiming abandoned XMPP outbox batches", e));
        }
    }

    /** The blocking reads get a connection of their own, so they never hold one of the shared pool. */
    private Uni<RedisAPI> connection() {
        RedisConnection c = connection;
        if (c != null) return Uni.createFrom().item(RedisAPI.api(c));
        return client.connect().map(conn -> {
            conn.exceptionHandler(e -> dropConnection(conn));
            conn.endHandler(() -> dropConnection(conn));
            connection = conn;
            return RedisAPI.api(conn);
        });
    }

    private void dropConnection(RedisConnection conn) {
        if (connection == conn) connection = null;
    }

    private Uni<RedisAPI> ensureGroup(RedisAPI api) {
        return api.xgroup(List.of("CREATE", outbox.key(), XmppOutbox.GROUP, "0", "MKSTREAM"))
                .onFailure(e -> String.valueOf(e.getMessage()).contains("BUSYGROUP")).recoverWithNull()
                .replaceWith(api);
    }

    private void readLoop(RedisAPI api) {
        if (stopped || !link.isConnected()) {
            reading.set(false);
            return;
        }
        if (link.congested()) { // let the socket drain before taking more
            vertx.setTimer(5, id -> readLoop(api));
            return;
        }
        long block = outbox.config().outboxBlock().toMillis();
        api.xreadgroup(List.of("GROUP", XmppOutbox.GROUP, instance.id(), "COUNT", "1", "BLOCK", Long.toString(block),
                        "STREAMS", outbox.key(), ">"))
                .ifNoItem().after(Duration.ofMillis(block + 5000)).fail()
                .chain(r -> deliverAll(api, entries(r), false))
                .subscribe().with(v -> {
                    redisOk();
                    readLoop(api);
                }, e -> {
                    if (String.valueOf(e.getMessage()).contains("NOGROUP")) {
                        ensureGroup(api).subscribe().with(x -> readLoop(api), f -> stopReading(f));
                    } else {
                        stopReading(e);
                    }
                });
    }

    private void stopReading(Throwable e) {
        if (stopped) return; // shutting down: the connection is closed with the application
        failed("reading the XMPP outbox", e);
        RedisConnection c = connection;
        connection = null;
        if (c != null) c.close().subscribe().with(v -> { }, x -> { });
        vertx.setTimer(TICK_MILLIS, id -> reading.set(false));
    }

    /** Takes over batches another consumer read but never acknowledged (it died, or lost its link). */
    private Uni<Void> claim() {
        long idle = outbox.config().outboxClaimAfter().toMillis();
        return redis.xautoclaim(List.of(outbox.key(), XmppOutbox.GROUP, instance.id(), Long.toString(idle), "0-0",
                        "COUNT", "16"))
                .onFailure(e -> String.valueOf(e.getMessage()).contains("NOGROUP")).recoverWithNull()
                .chain(r -> {
                    if (r == null || r.size() < 2) return Uni.createFrom().voidItem();
                    List<Entry> claimed = entryList(r.get(1));
                    if (!claimed.isEmpty()) {
                        LOG.infof("Took over %d XMPP outbox batches left unacknowledged by another instance", claimed.size());
                        outbox.claimed(claimed.size());
                    }
                    return deliverAll(redis, claimed, true);
                });
    }

    private record Entry(String id, OutboxBatch batch) {
    }

    private Uni<Void> deliverAll(RedisAPI api, List<Entry> entries, boolean claimed) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Entry e : entries) chain = chain.chain(() -> deliver(e));
        return chain;
    }

    /** Sends one batch and acknowledges it; a batch the link could not take stays pending for a later claim. */
    private Uni<Void> deliver(Entry e) {
        if (e.batch() != null) {
            OutboxBatch b = e.batch();
            for (int from = 0; from < b.size(); from += STANZAS_PER_WRITE) {
                int to = Math.min(b.size(), from + STANZAS_PER_WRITE);
                if (!link.send(b.stanzas(from, to))) {
                    LOG.warnf("Component link went down while sending an XMPP outbox batch: it stays queued");
                    return Uni.createFrom().voidItem();
                }
                sentNotifications.increment(to - from);
            }
            outbox.sent(b);
        }
        // Acknowledge on the shared pool (the blocking connection is about to wait in its next XREADGROUP) and without
        // waiting for the answer: the next batch is read at once. An acknowledgement Redis lost leaves the batch
        // pending, to be claimed and sent again — the same at-least-once as a consumer dying right after its write.
        redis.xack(List.of(outbox.key(), XmppOutbox.GROUP, e.id()))
                .chain(() -> redis.xdel(List.of(outbox.key(), e.id())))
                .subscribe().with(r -> { }, x -> failed("acknowledging an XMPP outbox batch", x));
        return Uni.createFrom().voidItem();
    }

    /** XREADGROUP's answer: RESP2 [[stream, [entry...]]], RESP3 {stream: [entry...]}; null after BLOCK. */
    private static List<Entry> entries(Response r) {
        List<Entry> out = new ArrayList<>();
        if (r == null) return out;
        if (r.isMap()) {
            for (String k : r.getKeys()) out.addAll(entryList(r.get(k)));
        } else {
            for (Response stream : r) out.addAll(entryList(stream.get(1)));
        }
        return out;
    }

    /** Entries as [id, [field, value, ...]]; a deleted entry has null fields and is only acknowledged. */
    private static List<Entry> entryList(Response list) {
        List<Entry> out = new ArrayList<>();
        if (list == null) return out;
        for (Response entry : list) {
            String id = entry.get(0).toString();
            Response fields = entry.size() > 1 ? entry.get(1) : null;
            out.add(new Entry(id, fields == null ? null : batch(fields)));
        }
        return out;
    }

    private static OutboxBatch batch(Response fields) {
        String middle = null;
        String recipients = null;
        long created = System.currentTimeMillis();
        if (fields.isMap()) {
            middle = str(fields.get("m"));
            recipients = str(fields.get("r"));
            String t = str(fields.get("t"));
            if (t != null) created = Long.parseLong(t);
        } else {
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                String name = fields.get(i).toString();
                String value = str(fields.get(i + 1));
                switch (name) {
                    case "m" -> middle = value;
                    case "r" -> recipients = value;
                    case "t" -> created = Long.parseLong(value);
                    default -> { }
                }
            }
        }
        if (middle == null || recipients == null) return null;
        return OutboxBatch.decode(middle, recipients, created);
    }

    private static String str(Response r) {
        return r == null ? null : r.toString();
    }

    private void redisOk() {
        if (redisTrouble) LOG.info("The XMPP outbox answers again");
        redisTrouble = false;
    }

    private void failed(String what, Throwable e) {
        if (!redisTrouble && !stopped) LOG.warnf("Redis failed %s: %s (retrying)", what, e.toString());
        redisTrouble = true;
    }
}
