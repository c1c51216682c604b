package org.herald.fanout;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.herald.http.stream.NodeEvent;
import org.jboss.logging.Logger;

/**
 * Sends this instance's events to the bus channel, in order: one PUBLISH at a time, and the events queued meanwhile
 * go together in the next message. So order holds whatever pooled connection carries a PUBLISH, and a burst costs
 * few round trips. {@link #offer} never blocks: it queues and returns.
 *
 * <p>A failed or unanswered PUBLISH is not retried: its number is spent, so the receivers notice the skip (at the
 * next message or heartbeat) and fill from PostgreSQL; a retry could not be told from the original if that had
 * arrived after all. A full queue is dropped the same way, spending one number.
 */
final class BusPublisher {
    private static final Logger LOG = Logger.getLogger(BusPublisher.class);

    private final Redis redis;
    private final Context context;
    private final String channel;
    private final String sender;
    private final FanoutConfig config;
    private final BusMetrics metrics;

    private final ArrayDeque<NodeEvent> queue = new ArrayDeque<>();
    private boolean inFlight;
    private boolean heartbeatDue;
    private long number;
    private boolean failing;

    BusPublisher(Redis redis, Context context, String channel, String sender, FanoutConfig config, BusMetrics metrics) {
        this.redis = redis;
        this.context = context;
        this.channel = channel;
        this.sender = sender;
        this.config = config;
        this.metrics = metrics;
    }

    void offer(NodeEvent event) {
        synchronized (this) {
            if (queue.size() >= config.maxQueue()) {
                metrics.dropped.increment(queue.size());
                queue.clear();
                number++; // a message that never went: receivers see the skip and fill from PostgreSQL
            }
            queue.add(event);
            if (inFlight) return;
            inFlight = true;
        }
        context.runOnContext(v -> next());
    }

    /** Tells the others the latest number used, so a lost last message is noticed; skipped while sending anyway. */
    void heartbeat() {
        synchronized (this) {
            heartbeatDue = true;
            if (inFlight) return;
            inFlight = true;
        }
        context.runOnContext(v -> next());
    }

    synchronized int queued() {
        return queue.size();
    }

    private void next() {
        BusMessage message;
        synchronized (this) {
            if (!queue.isEmpty()) {
                List<NodeEvent> batch = new ArrayList<>(Math.min(queue.size(), config.maxBatch()));
                while (!queue.isEmpty() && batch.size() < config.maxBatch()) batch.add(queue.poll());
                message = new BusMessage(sender, ++number, false, batch);
                heartbeatDue = false; // the message carries the number a heartbeat would
            } else if (heartbeatDue) {
                heartbeatDue = false;
                message = BusMessage.heartbeat(sender, number);
            } else {
                inFlight = false;
                return;
            }
        }
        String payload;
        try {
            payload = BusCodec.encode(message);
        } catch (RuntimeException e) { // cannot happen with well-formed events; never let it stop the pump
            LOG.errorf(e, "a bus message could not be encoded");
            next();
            return;
        }
        Future<?> sent = redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg(payload))
                .timeout(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        sent.onComplete(ar -> {
            if (ar.succeeded()) {
                if (!message.heartbeat()) metrics.published.increment();
                if (failing) LOG.infof("publishing to the Redis bus works again");
                failing = false;
            } else {
                if (!message.heartbeat()) metrics.failed.increment();
                if (!failing) {
                    LOG.warnf("publishing to the Redis bus failed (%s): other instances fill from PostgreSQL once it is back",
                            ar.cause().toString());
                }
                failing = true;
            }
            context.runOnContext(v -> next());
        });
    }
}
