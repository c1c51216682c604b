package org.herald.http.websub;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Sends queued deliveries (§7): claims due ones in batches (shared with other instances through SKIP LOCKED), checks
 * again that anonymous readers may follow each batch's nodes, POSTs them concurrently and records the outcomes as
 * {@link RetryPolicy} decides. Runs on a timer and whenever new deliveries are queued on this instance; catches up
 * committed items whose deliveries were never queued first ({@link #drain}).
 */
@ApplicationScoped
public class DeliveryWorker {
    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    /** Followed nodes one catch-up looks at. */
    static final int CATCH_UP_NODES = 50;

    private final WebSubMetrics metrics;
    private final Vertx vertx;
    private final WebSubStore store;
    private final CallbackClient http;
    private final AnonymousAccess access;
    private final WebSubConfig config;
    private final String hubUrl;
    private final RetryPolicy retries;
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean running = new AtomicBoolean();
    /** Set when work arrives during a run, so the run goes round once more instead of leaving it for the timer. */
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile long timer = -1;
    private final CatchUp catchUp;
    /** When the last catch-up ran (System.nanoTime); the first run of this instance catches up at once. */
    private volatile long caughtUpAt;
    /** Set when a catch-up is wanted before its interval is over (an enqueue failed, a batch was full). */
    private final AtomicBoolean catchUpNow = new AtomicBoolean(true);

    DeliveryWorker(Vertx vertx, WebSubStore store, CallbackClient http, AnonymousAccess access, WebSubConfig config,
                   WebSubTopics topics, WebSubMetrics metrics, CatchUp catchUp) {
        this.metrics = metrics;
        this.catchUp = catchUp;
        this.vertx = vertx;
        this.store = store;
        this.http = http;
        this.access = access;
        this.config = config;
        this.hubUrl = topics.topics().hubUrl();
        this.retries = new RetryPolicy(config.maxAttempts(), config.maxAge(), config.backoffBase(), config.backoffMax(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(Math.max(1, config.pollInterval().toMillis()), id -> wake());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) vertx.cancelTimer(timer);
    }

    /** Starts a run unless one is going; a run going will look again before it stops. */
    public void wake() {
        again.set(true);
        if (!running.compareAndSet(false, true)) return;
        again.set(false);
        Background.run(vertx, "delivery", this::drain, ignored -> {
            running.set(false);
            if (again.get()) wake();
        });
    }

    /** An enqueue failed: the next run looks for committed items whose deliveries were never queued. */
    public void catchUpSoon() {
        catchUpNow.set(true);
        wake();
    }

    /**
     * Each run first queues what committed items are owed ({@link CatchUp#behind}) when a catch-up is due: at start,
     * after a failed enqueue, and every {@code herald.websub.catch-up-interval}. Every instance does; the cursor's
     * compare-and-set makes concurrent catch-ups queue each item once, so no claim across instances is needed.
     */
    private Uni<Integer> drain() {
        long t = System.nanoTime();
        if (!catchUpNow.getAndSet(false) && t - caughtUpAt < config.catchUpInterval().toNanos()) return send();
        caughtUpAt = t;
        return catchUp.behind(CATCH_UP_NODES).onFailure().invoke(() -> catchUpNow.set(true)).chain(queued -> {
            if (queued > 0) {
                // only after a fault (or racing a publish's own run by a hair): worth a line, at most once a run
                LOG.infof("WebSub catch-up queued %d deliveries of items committed without them", queued);
                catchUpNow.set(true); // more nodes may be behind than one query held: look again next run
            }
            return send();
        });
    }

    private Uni<Integer> send() {
        Instant now = clock.instant();
        // The claim outlives the batch's requests, so no other instance takes the rows while they are out.
        Instant until = now.plus(config.requestTimeout().multipliedBy(2)).plusSeconds(30);
        return store.claim(config.batchSize(), now, until).chain(batch -> batch.isEmpty()
                ? Uni.createFrom().item(0)
                : deliver(batch, now).chain(() -> batch.size() < config.batchSize()
                        ? Uni.createFrom().item(batch.size())
                        : send().map(more -> batch.size() + more)));
    }

    private Uni<Void> deliver(List<WebSubStore.Claimed> batch, Instant now) {
        return readableNodes(batch).chain(readable -> {
            List<Long> finished = new ArrayList<>();
            List<WebSubStore.Claimed> toSend = new ArrayList<>();
            for (WebSubStore.Claimed d : batch) {
                // A lapsed lease or a node closed to anonymous readers since the publish: nothing goes out.
                if (!d.expires().isAfter(now) || !readable.get(d.nodeId())) {
                    finished.add(d.id());
                    metrics.delivery("skipped");
                } else {
                    toSend.add(d);
                }
            }
            if (toSend.isEmpty()) return store.settle(finished, List.of(), List.of());
            List<Uni<CallbackClient.Answer>> posts = toSend.stream().map(this::post).toList();
            return Uni.join().all(posts).andFailFast().chain(answers -> {
                List<WebSubStore.RetryAt> later = new ArrayList<>();
                List<Long> gone = new ArrayList<>();
                Instant after = clock.instant();
                for (int i = 0; i < toSend.size(); i++) {
                    WebSubStore.Claimed d = toSend.get(i);
                    RetryPolicy.Decision decision = retries.decide(answers.get(i).status(), d.attempts(), d.created(), after);
                    if (decision instanceof RetryPolicy.Delivered) {
                        finished.add(d.id());
                        metrics.delivery("delivered");
                    } else if (decision instanceof RetryPolicy.Gone) {
                        gone.add(d.subscriptionId());
                        metrics.delivery("gone");
                    } else if (decision instanceof RetryPolicy.Retry r) {
                        later.add(new WebSubStore.RetryAt(d.id(), r.at()));
                        metrics.delivery("retry");
                    } else if (decision instanceof RetryPolicy.Drop drop) {
                        finished.add(d.id());
                        metrics.delivery("dropped");
                        LOG.warnf("WebSub delivery %d of topic %s to %s dropped: %s (last status %d)", d.id(), d.topic(),
                                CallbackUrls.origin(d.callback()), drop.why(), answers.get(i).status());
                    }
                }
                return store.settle(finished, later, gone);
            });
        });
    }

    /** §7: the content, the topic's Content-Type, Link rel=hub and rel=self, and X-Hub-Signature when a secret was given (§7.1). */
    private Uni<CallbackClient.Answer> post(WebSubStore.Claimed d) {
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("Content-Type", List.of(d.contentType() + "; charset=utf-8"));
        headers.put("Link", List.of("<" + hubUrl + ">; rel=\"hub\"", "<" + d.topic() + ">; rel=\"self\""));
        if (d.secret() != null) headers.put("X-Hub-Signature", List.of(config.signatureAlgorithm().header(d.secret(), body)));
        return http.post(d.callback(), headers, body);
    }

    /** Whether anonymous readers may follow each node of the batch, asked once per node. */
    private Uni<Map<String, Boolean>> readableNodes(List<WebSubStore.Claimed> batch) {
        Map<String, Boolean> out = new HashMap<>();
        Uni<Map<String, Boolean>> chain = Uni.createFrom().item(out);
        for (String node : batch.stream().map(WebSubStore.Claimed::nodeId).distinct().toList()) {
            chain = chain.chain(m -> access.readable(node).map(r -> {
                m.put(node, r);
                return m;
            }));
        }
        return chain;
    }
}
