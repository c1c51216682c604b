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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.herald.config.ComponentConfig;
import org.herald.xmpp.component.ComponentLink;
import org.jboss.logging.Logger;

/**
 * Sends what the XMPP outbox holds, on every instance whose component link is up: reads new batches through the
 * consumer group (XREADGROUP on a connection of its own, since it blocks), sends them at the socket's pace
 * ({@link ComponentLink#sendPaced}), then acknowledges and deletes them (XACK, XDEL) on that same connection, ahead of
 * its next read. Batches read by an instance that died or lost its link before acknowledging them are taken over once
 * idle for {@code herald.fanout.outbox-claim-after} (XAUTOCLAIM).
 *
 * <p>No batch is sent twice by a live instance (issue #6): one whose XACK failed is remembered and only acknowledged
 * again (also when this instance claims it back), and the idle time of batches being sent or awaiting their XACK is
 * reset regularly (XCLAIM ... JUSTID), so that another instance claims only what a dead or disconnected one left.
 * What remains is at least once for a holder killed between its socket write and its XACK.
 */
@ApplicationScoped
public class OutboxConsumer {
    private static final Logger LOG = Logger.getLogger(OutboxConsumer.class);
    /** How often the link and the outbox are looked at; also the pause after a Redis failure. */
    static final long TICK_MILLIS = 250;
    /** An unconfirmed XACK is sent again after this long. */
    static final long ACK_RETRY_MILLIS = 1000;

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
    /** Logged once per spell of failing acknowledgements (they are retried every second). */
    private volatile boolean ackTrouble;
    private volatile long lastClaim;
    private volatile long lastDepth;
    private volatile long lastHeartbeat;
    /** Batches sent whose XACK Redis has not confirmed: id → when it was last sent. Acknowledged again, never resent. */
    private final Map<String, Long> unacked = new ConcurrentHashMap<>();
    /** Batches being sent right now. */
    private final Set<String> sending = ConcurrentHashMap.newKeySet();
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
        // shutting down: a connection that fails to close politely is dropped with the process anyway
        if (c != null) c.close().subscribe().with(v -> { }, e -> { });
    }

    private void tick() {
        long now = System.currentTimeMillis();
        if (now - lastDepth >= 1000 && measuring.compareAndSet(false, true)) {
            lastDepth = now;
            redis.xlen(outbox.key()).ifNoItem().after(Duration.ofSeconds(1)).fail()
                    .onTermination().invoke(() -> measuring.set(false))
                    // a gauge sample: a failed one keeps the last value and the next second tries again
                    .subscribe().with(r -> outbox.depth(r == null ? 0 : r.toLong()), e -> { });
        }
        retryAcks(now);
        long claimAfter = outbox.config().outboxClaimAfter().toMillis();
        if (now - lastHeartbeat >= Math.max(TICK_MILLIS, claimAfter / 3)) {
            lastHeartbeat = now;
            heartbeat();
        }
        if (stopped || !link.isConnected()) return;
        if (reading.compareAndSet(false, true)) {
            connection().chain(this::ensureGroup).subscribe().with(api -> readLoop(api), e -> {
                failed("reading the XMPP outbox", e);
                reading.set(false);
            });
        }
        long claimEvery = Math.max(TICK_MILLIS, claimAfter / 2);
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
        // the connection already failed (logged above); closing it is only tidying up
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
                    // Redis 7: the third element lists pending entries that no longer exist (trimmed by the cap)
                    int trimmed = r.size() > 2 && r.get(2) != null ? r.get(2).size() : 0;
                    if (trimmed > 0) outbox.trimmed(trimmed);
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

    /**
     * Sends one batch at the socket's pace and acknowledges it. A batch sent before (its XACK failed) is only
     * acknowledged. When the link goes down on the way, the unsent rest is queued as a new batch and this one
     * acknowledged; if even that fails, the batch stays pending for a later claim.
     */
    private Uni<Void> deliver(Entry e) {
        OutboxBatch b = e.batch();
        if (sending.contains(e.id())) return Uni.createFrom().voidItem(); // claimed back while this instance sends it
        if (b == null || unacked.containsKey(e.id())) {
            // a pending entry without fields was trimmed by the cap (older Redis; 7 lists it apart, see claim())
            if (b == null && !unacked.containsKey(e.id())) outbox.trimmed(1);
            ack(e.id());
            return Uni.createFrom().voidItem();
        }
        sending.add(e.id());
        return link.sendPaced(b).chain(n -> {
            sending.remove(e.id());
            sentNotifications.increment(n);
            if (n == b.size()) {
                outbox.sent(b);
                ack(e.id());
                return Uni.createFrom().voidItem();
            }
            LOG.warnf("Component link went down after %d of %d notifications of an XMPP outbox batch: requeueing the rest",
                    n, b.size());
            OutboxBatch rest = new OutboxBatch(b.middle(), b.heads().subList(n, b.size()), b.tails().subList(n, b.size()),
                    b.createdMillis());
            return outbox.add(rest).invoke(v -> ack(e.id())).onFailure().recoverWithUni(x -> {
                LOG.warnf("Requeueing failed (%s): the batch stays pending and is sent again whole", x.toString());
                return Uni.createFrom().voidItem();
            });
        }).onTermination().invoke(() -> sending.remove(e.id()));
    }

    /**
     * XACK + XDEL, on the consumer's own connection when it has one: pipelined ahead of its next XREADGROUP, so it
     * neither waits for a pooled connection (the shared pool is busy with every HTTP/SSE request's cache reads) nor
     * delays the next read. Until Redis confirms, the batch is remembered and acknowledged again every second.
     */
    private void ack(String id) {
        unacked.put(id, System.currentTimeMillis());
        RedisConnection c = connection;
        RedisAPI api = c != null ? RedisAPI.api(c) : redis;
        api.xack(List.of(outbox.key(), XmppOutbox.GROUP, id))
                .chain(() -> api.xdel(List.of(outbox.key(), id)))
                .subscribe().with(r -> {
                    unacked.remove(id);
                    if (ackTrouble) LOG.infof("XMPP outbox acknowledgements go through again (%d still waiting)", unacked.size());
                    ackTrouble = false;
                }, x -> {
                    if (String.valueOf(x.getMessage()).contains("NOGROUP")) {
                        unacked.remove(id); // Redis lost the stream: nothing left to acknowledge
                    } else if (!ackTrouble && !stopped) {
                        ackTrouble = true;
                        LOG.warnf("Redis failed acknowledging an XMPP outbox batch: %s (retrying every second; the batch is not sent again)",
                                x.toString());
                    }
                });
    }

    private void retryAcks(long now) {
        for (Map.Entry<String, Long> u : unacked.entrySet()) {
            if (now - u.getValue() >= ACK_RETRY_MILLIS) ack(u.getKey());
        }
    }

    /**
     * Resets the idle time of the batches this instance is sending or has sent without a confirmed XACK, so that
     * XAUTOCLAIM elsewhere (idle ≥ outbox-claim-after) never takes a batch of a slow but live consumer.
     */
    private void heartbeat() {
        List<String> ids = new ArrayList<>(sending);
        ids.addAll(unacked.keySet());
        if (ids.isEmpty()) return;
        List<String> args = new ArrayList<>(ids.size() + 6);
        args.addAll(List.of(outbox.key(), XmppOutbox.GROUP, instance.id(), "0"));
        args.addAll(ids);
        args.add("JUSTID");
        redis.xclaim(args).subscribe().with(r -> { }, e -> failed("keeping XMPP outbox batches claimed", e));
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
