package org.herald.http.websub;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.herald.http.feed.FeedFormat;

/** The durable queue on the real PostgreSQL: claims lease rows out, and rows a dead worker held come back. */
@QuarkusTest
class WebSubStoreTest {
    @Inject
    WebSubStore store;

    @Test
    void claimedDeliveriesAreNotClaimedAgainUntilTheirClaimLapses() {
        String node = "store-" + System.nanoTime();
        Topic topic = new Topic("http://localhost:8080/feeds/" + node + ".atom", node, FeedFormat.ATOM);
        // far in the future, so other tests' workers never find these rows due
        Instant t0 = Instant.now().plus(3650, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        run(() -> store.upsert(topic, "http://127.0.0.1:9/cb", null, 3600, t0));
        // the node holds no items: its cursor starts at 0
        assertThat(run(() -> store.cursor(node))).contains(0L);
        // nobody wants RSS: one delivery, and the cursor moves to the last item queued
        assertThat(run(() -> store.enqueue(node, 0, 5, Map.of(FeedFormat.ATOM, "<feed/>", FeedFormat.RSS, "<rss/>"), t0)))
                .isEqualTo(1);
        assertThat(run(() -> store.cursor(node))).contains(5L);
        // a run that read the cursor before that move queues nothing: those items are queued already
        assertThat(run(() -> store.enqueue(node, 0, 5, Map.of(FeedFormat.ATOM, "<feed/>"), t0))).isEqualTo(-1);
        // a renewal of a live subscription keeps the cursor (nothing owed is skipped)
        run(() -> store.upsert(topic, "http://127.0.0.1:9/cb", null, 3600, t0));
        assertThat(run(() -> store.cursor(node))).contains(5L);

        List<WebSubStore.Claimed> first = run(() -> store.claim(10, t0.plusSeconds(1), t0.plusSeconds(60)))
                .stream().filter(c -> c.nodeId().equals(node)).toList();
        assertThat(first).singleElement().satisfies(c -> {
            assertThat(c.attempts()).isEqualTo(1);
            assertThat(c.body()).isEqualTo("<feed/>");
            assertThat(c.topic()).isEqualTo(topic.url());
        });
        // another instance (or this one) finds nothing while the claim holds
        assertThat(run(() -> store.claim(10, t0.plusSeconds(2), t0.plusSeconds(60))))
                .noneMatch(c -> c.nodeId().equals(node));
        // the worker died: after the claim lapses the delivery is due again, one attempt further
        assertThat(run(() -> store.claim(10, t0.plusSeconds(61), t0.plusSeconds(120))))
                .filteredOn(c -> c.nodeId().equals(node)).singleElement()
                .satisfies(c -> assertThat(c.attempts()).isEqualTo(2));

        long id = first.get(0).subscriptionId();
        assertThat(run(() -> store.pending(id))).isEqualTo(1);
        run(() -> store.delete(id));
        assertThat(run(() -> store.pending(id))).isZero(); // deliveries go with their subscription
    }

    private static <T> T run(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work::get);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
