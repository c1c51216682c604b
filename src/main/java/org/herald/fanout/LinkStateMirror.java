package org.herald.fanout;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.herald.config.ComponentConfig;
import org.herald.domain.Jid;
import org.herald.xmpp.component.ComponentLink;
import org.herald.xmpp.presence.PresenceTracker;
import org.herald.xmpp.presence.Privileges;
import org.jboss.logging.Logger;

/**
 * Makes what an instance learns on its component link visible to instances without one (docs/cluster-link.md):
 * presence (PresenceTracker: presence-based delivery, XEP-0060 §13.6 / §4.5 presence access model) and XEP-0356
 * grants (Privileges). The instance that learns a change writes it to a Redis hash and publishes it on a channel in
 * one script; every other instance applies it to its own in-memory copy, so the core's PresenceView stays a
 * non-blocking map lookup everywhere. An instance without a link loads the hashes when it (re)subscribes, when it
 * loses its link, and every {@link #RESYNC_MILLIS} (healing anything missed while Redis was away).
 */
@ApplicationScoped
public class LinkStateMirror implements PresenceTracker.Listener {
    private static final Logger LOG = Logger.getLogger(LinkStateMirror.class);
    static final long CHECK_MILLIS = 1000;
    static final long RESYNC_MILLIS = 30_000;
    private static final String SEP = "\t";

    /** HSET + PUBLISH: the copy and the news of a change, atomically and in order. */
    static final String SET = "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) return redis.call('PUBLISH', KEYS[2], ARGV[3])";
    static final String DEL = "redis.call('HDEL', KEYS[1], ARGV[1]) return redis.call('PUBLISH', KEYS[2], ARGV[2])";
    /** Removes a user's every resource ('user@domain' and 'user@domain/...') and tells the others. */
    static final String DEL_USER = "for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do "
            + "if f == ARGV[1] or string.sub(f, 1, string.len(ARGV[1]) + 1) == ARGV[1] .. '/' then redis.call('HDEL', KEYS[1], f) end end "
            + "return redis.call('PUBLISH', KEYS[2], ARGV[2])";
    /** Removes every user of a domain (their server re-sends their presence, XEP-0356 §8). */
    static final String DEL_DOMAIN = "for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do "
            + "local bare = string.match(f, '^[^/]*') local d = string.match(bare, '@(.*)$') or bare "
            + "if d == ARGV[1] then redis.call('HDEL', KEYS[1], f) end end "
            + "return redis.call('PUBLISH', KEYS[2], ARGV[2])";

    @Inject
    Vertx vertx;

    @Inject
    Redis client;

    @Inject
    RedisAPI redis;

    @Inject
    RedisNames names;

    @Inject
    Instance instance;

    @Inject
    ComponentConfig component;

    @Inject
    ComponentLink link;

    @Inject
    PresenceTracker tracker;

    @Inject
    Privileges privileges;

    private final AtomicBoolean connecting = new AtomicBoolean();
    private volatile RedisConnection subscription;
    private volatile boolean wasLinked;
    private volatile long lastSync;
    private volatile boolean stopped;
    private volatile boolean redisTrouble;
    private long timer = -1;

    void onStart(@Observes StartupEvent event) {
        if (!component.enabled()) return;
        tracker.listen(this);
        privileges.listen(this::granted);
        timer = vertx.setPeriodic(CHECK_MILLIS, id -> check());
        check();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timer >= 0) vertx.cancelTimer(timer);
        RedisConnection c = subscription;
        // shutting down: a connection that fails to close politely is dropped with the process anyway
        if (c != null) c.close().subscribe().with(v -> { }, e -> { });
    }

    String presenceKey() {
        return names.name("link", "presence");
    }

    String privilegesKey() {
        return names.name("link", "privileges");
    }

    String channel() {
        return names.name("link", "state");
    }

    // ------------------------------------------------------------------ this instance learned something

    @Override
    public void available(Jid from, String show) {
        write(SET, presenceKey(), from.toString(), show, message("A", from.toString(), show));
    }

    @Override
    public void unavailable(Jid from) {
        write(from.isBare() ? DEL_USER : DEL, presenceKey(), from.toString(), message("U", from.toString()));
    }

    @Override
    public void forgotDomain(String domain) {
        write(DEL_DOMAIN, presenceKey(), domain, message("F", domain));
    }

    private void granted(String domain, Privileges.Grant grant) {
        String value = grant.roster() + " " + grant.presence();
        write(SET, privilegesKey(), domain, value, message("G", domain, value));
    }

    private String message(String kind, String... parts) {
        return instance.id() + SEP + kind + SEP + String.join(SEP, parts);
    }

    private void write(String script, String key, String... args) {
        List<String> call = new java.util.ArrayList<>(List.of(script, "2", key, channel()));
        call.addAll(List.of(args));
        redis.eval(call).ifNoItem().after(Duration.ofSeconds(2)).fail().subscribe().with(r -> { },
                e -> trouble("mirroring link state to Redis", e));
    }

    // ------------------------------------------------------------------ other instances learned something

    private void check() {
        if (stopped) return;
        boolean linked = link.isConnected();
        long now = System.currentTimeMillis();
        if (subscription == null) {
            subscribe();
        } else if ((wasLinked && !linked) || (!linked && now - lastSync >= RESYNC_MILLIS)) {
            load(linked);
        }
        wasLinked = linked;
    }

    private void subscribe() {
        if (!connecting.compareAndSet(false, true)) return;
        client.connect().chain(conn -> {
            conn.handler(this::received);
            conn.exceptionHandler(e -> lost(conn));
            conn.endHandler(() -> lost(conn));
            return conn.send(io.vertx.mutiny.redis.client.Request.cmd(io.vertx.mutiny.redis.client.Command.SUBSCRIBE).arg(channel()))
                    .replaceWith(conn);
        }).onTermination().invoke(() -> connecting.set(false)).subscribe().with(conn -> {
            subscription = conn;
            load(link.isConnected());
        }, e -> trouble("subscribing to the link state mirror", e));
    }

    private void lost(RedisConnection conn) {
        if (subscription == conn) subscription = null;
    }

    /** Reads the hashes: replaces the local copy on an instance without a link, adds to it on one with a link. */
    private void load(boolean linked) {
        lastSync = System.currentTimeMillis();
        Uni.combine().all().unis(redis.hgetall(presenceKey()), redis.hgetall(privilegesKey())).asTuple()
                .ifNoItem().after(Duration.ofSeconds(5)).fail()
                .subscribe().with(t -> {
                    Map<Jid, String> presence = new HashMap<>();
                    fields(t.getItem1()).forEach((k, v) -> {
                        Jid j = Jid.tryParse(k);
                        if (j != null) presence.put(j, v);
                    });
                    if (linked) {
                        presence.forEach(tracker::applyAvailable);
                    } else {
                        tracker.replaceAll(presence);
                    }
                    fields(t.getItem2()).forEach((domain, v) -> privileges.apply(domain, grant(v)));
                    redisOk();
                }, e -> trouble("loading the link state mirror", e));
    }

    private static Map<String, String> fields(Response r) {
        Map<String, String> out = new HashMap<>();
        if (r == null) return out;
        if (r.isMap()) {
            for (String k : r.getKeys()) out.put(k, r.get(k).toString());
        } else {
            for (int i = 0; i + 1 < r.size(); i += 2) out.put(r.get(i).toString(), r.get(i + 1).toString());
        }
        return out;
    }

    private static Privileges.Grant grant(String v) {
        String[] p = v.split(" ", 2);
        return p.length == 2 ? new Privileges.Grant(p[0], p[1]) : Privileges.Grant.NONE;
    }

    /** A pushed message: ["message", channel, payload] (RESP2 array or RESP3 push). */
    private void received(Response r) {
        if (r == null || r.size() < 3 || !"message".equals(r.get(0).toString())) return;
        String[] m = r.get(2).toString().split(SEP, -1);
        if (m.length < 3 || m[0].equals(instance.id())) return; // our own news is applied already
        try {
            switch (m[1]) {
                case "A" -> {
                    Jid j = Jid.tryParse(m[2]);
                    if (j != null && m.length > 3) tracker.applyAvailable(j, m[3]);
                }
                case "U" -> {
                    Jid j = Jid.tryParse(m[2]);
                    if (j != null) tracker.applyUnavailable(j);
                }
                case "F" -> tracker.applyForgetDomain(m[2]);
                case "G" -> {
                    if (m.length > 3) privileges.apply(m[2], grant(m[3]));
                }
                default -> LOG.debugf("Ignoring link state news of kind %s", m[1]);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Ignoring malformed link state news: %s", e.toString());
        }
    }

    private void redisOk() {
        if (redisTrouble) LOG.info("The link state mirror answers again");
        redisTrouble = false;
    }

    private void trouble(String what, Throwable e) {
        if (!redisTrouble && !stopped) LOG.warnf("Redis failed %s: %s (retrying)", what, e.toString());
        redisTrouble = true;
    }
}
