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
 * {@link RetryPolicy} decides. Runs on a timer and whenever new deliveries are queued on this instance.
 */
@ApplicationScoped
public class DeliveryWorker {
    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

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

    DeliveryWorker(Vertx vertx, WebSubStore store, CallbackClient http, AnonymousAccess access, WebSubConfig config,
                   WebSubTopics topics, WebSubMetrics metrics) {
        this.metrics = metrics;
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

    private Uni<Integer> drain() {
        Instant now = clock.instant();
        // The claim outlives the batch's requests, so no other instance takes the rows while they are out.
        Instant until = now.plus(config.requestTimeout().multipliedBy(2)).plusSeconds(30);
        return store.claim(config.batchSize(), now, until).chain(batch -> batch.isEmpty()
                ? Uni.createFrom().item(0)
                : deliver(batch, now).chain(() -> batch.size() < config.batchSize()
                        ? Uni.createFrom().item(batch.size())
                        : drain().map(more -> batch.size() + more)));
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
