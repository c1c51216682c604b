package org.herald.fanout;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The instance's one subscription to the bus channel, on a connection of its own, kept up by itself: when the
 * connection ends (Redis stopped, restarted, the network cut it) or falls silent (not even this instance's own
 * heartbeat came back for three periods), it reconnects with a backoff that doubles from reconnect-min to
 * reconnect-max, on timers, never blocking. Every time the subscription is (re)established {@code onSubscribed}
 * runs: whatever was published meanwhile is filled from PostgreSQL.
 */
final class BusSubscriber {
    private static final Logger LOG = Logger.getLogger(BusSubscriber.class);

    private final Redis redis;
    private final Vertx vertx;
    private final String channel;
    private final FanoutConfig config;
    private final Consumer<String> onMessage;
    private final Runnable onSubscribed;
    private final BusMetrics metrics;

    private RedisConnection connection;
    private volatile boolean subscribed;
    private volatile long lastHeard;
    private long backoff;
    private long watchdog = -1;
    private boolean stopped;
    private boolean warned;

    BusSubscriber(Redis redis, Vertx vertx, String channel, FanoutConfig config, Consumer<String> onMessage,
                  Runnable onSubscribed, BusMetrics metrics) {
        this.redis = redis;
        this.vertx = vertx;
        this.channel = channel;
        this.config = config;
        this.onMessage = onMessage;
        this.onSubscribed = onSubscribed;
        this.metrics = metrics;
        this.backoff = config.reconnectMin().toMillis();
    }

    boolean subscribed() {
        return subscribed;
    }

    /** Something arrived on the subscription (this instance's own echoes included): it is alive. */
    void heard() {
        lastHeard = System.nanoTime();
    }

    synchronized void start() {
        long period = Math.max(1000, config.heartbeat().toMillis() * 3);
        watchdog = vertx.setPeriodic(period, id -> checkAlive(period));
        connect();
    }

    synchronized void stop() {
        stopped = true;
        subscribed = false;
        if (watchdog >= 0) vertx.cancelTimer(watchdog);
        if (connection != null) connection.close();
        connection = null;
    }

    private synchronized void connect() {
        if (stopped) return;
        redis.connect().onComplete(ar -> {
            if (ar.failed()) {
                retry(ar.cause());
                return;
            }
            RedisConnection conn = ar.result();
            synchronized (this) {
                if (stopped) {
                    conn.close();
                    return;
                }
                connection = conn;
            }
            conn.handler(this::onPush);
            conn.exceptionHandler(e -> lost(conn, e));
            conn.endHandler(v -> lost(conn, null));
            conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).onComplete(sub -> {
                if (sub.failed()) {
                    conn.close();
                    lost(conn, sub.cause());
                    return;
                }
                synchronized (this) {
                    if (connection != conn) return;
                    backoff = config.reconnectMin().toMillis();
                    subscribed = true;
                    heard();
                }
                if (warned) LOG.infof("the Redis bus subscription is back: filling what was missed from PostgreSQL");
                warned = false;
                metrics.reconnects.increment();
                onSubscribed.run();
            });
        });
    }

    private void onPush(Response r) {
        // RESP2 delivers ["message", channel, payload] as an array, RESP3 as a push: both index the same way
        if (r == null || (r.type() != ResponseType.MULTI && r.type() != ResponseType.PUSH) || r.size() < 3) return;
        if (!"message".equals(r.get(0).toString())) return;
        heard();
        onMessage.accept(r.get(2).toString());
    }

    private void lost(RedisConnection conn, Throwable cause) {
        synchronized (this) {
            if (connection != conn) return; // an old connection's late callback
            connection = null;
            subscribed = false;
        }
        conn.close();
        retry(cause);
    }

    private synchronized void retry(Throwable cause) {
        if (stopped) return;
        if (!warned) {
            LOG.warnf("the Redis bus subscription is down (%s): reconnecting; streams are served from this instance's own publishes meanwhile",
                    cause == null ? "connection closed" : cause.toString());
            warned = true;
        }
        long wait = backoff;
        backoff = Math.min(backoff * 2, config.reconnectMax().toMillis());
        vertx.setTimer(Math.max(1, wait), id -> connect());
    }

    /** A subscription that hears nothing, not even our own heartbeats, is dead even if TCP did not say so. */
    private void checkAlive(long period) {
        RedisConnection conn;
        synchronized (this) {
            if (!subscribed || connection == null) return;
            if (System.nanoTime() - lastHeard < period * 1_000_000L) return;
            conn = connection;
        }
        LOG.warnf("the Redis bus subscription heard nothing for %d ms: reconnecting", period);
        lost(conn, null);
    }
}
