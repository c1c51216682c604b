package org.herald.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.herald.domain.Affiliation;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionState;
import org.herald.service.port.StoreTx;
import org.junit.jupiter.api.Test;

/** What inTransaction promises: all or nothing, failures unchanged, and lockNode serialising writers. */
@QuarkusTest
class TransactionTest extends StoreTestSupport {

    @Inject
    DataSource jdbc;

    @Test
    void aFailedTransactionLeavesNoTrace() {
        String id = uniqueNodeId("rollback-all");
        Jid alice = Jid.parse("alice@example.org");
        IllegalStateException boom = new IllegalStateException("boom");

        Throwable failure = txFailure(t -> t.insertNode(new Node(id, defaultConfig(), OWNER, now()))
                .chain(() -> t.setAffiliation(id, alice, Affiliation.OWNER))
                .chain(() -> t.insertSubscription(new Subscription(id, alice, "s", SubscriptionState.SUBSCRIBED, now())))
                .chain(() -> t.putItem(new Item(id, "i", "<x/>", alice, now())))
                .chain(() -> Uni.createFrom().failure(boom)));

        assertThat(failure).isSameAs(boom);
        assertThat(findNode(id)).isEmpty();
        assertThat(items(id, 10)).isEmpty();
        assertThat(affiliations(id)).isEmpty();
        assertThat(subscriptions(id)).isEmpty();
    }

    @Test
    void aFailureAfterPublishingRollsTheItemBack() {
        String id = createNode("rollback-item");
        tx(t -> t.putItem(new Item(id, "kept", "<old/>", OWNER, now())));
        RuntimeException boom = new RuntimeException("refused after the put");

        Throwable failure = txFailure(t -> t.putItem(new Item(id, "new", "<new/>", OWNER, now()))
                .chain(() -> t.putItem(new Item(id, "kept", "<overwritten/>", OWNER, now())))
                .chain(() -> t.trimItems(id, 0))
                .chain(() -> Uni.createFrom().failure(boom)));

        assertThat(failure).isSameAs(boom);
        assertThat(items(id, 10)).singleElement().satisfies(i -> {
            assertThat(i.id()).isEqualTo("kept");
            assertThat(i.payload()).isEqualTo("<old/>");
        });
    }

    @Test
    void workThatThrowsInsteadOfFailingAlsoRollsBack() {
        String id = uniqueNodeId("rollback-throw");
        IllegalArgumentException boom = new IllegalArgumentException("thrown, not returned");

        Throwable failure = txFailure(t -> t.insertNode(new Node(id, defaultConfig(), OWNER, now()))
                .chain(() -> {
                    throw boom;
                }));

        assertThat(failure).isSameAs(boom);
        assertThat(findNode(id)).isEmpty();
    }

    @Test
    void lockNodeSerialisesTwoWritersOnOneNode() throws Exception {
        String id = createNode("lock");
        CompletableFuture<Integer> firstSawCount = new CompletableFuture<>();
        CompletableFuture<Void> releaseFirst = new CompletableFuture<>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            // The first writer takes the lock, counts, then holds the lock until the test releases it.
            Future<Integer> first = threads.submit(() -> tx(t -> countAfterLock(t, id)
                    .invoke(firstSawCount::complete)
                    .call(() -> pauseUntil(releaseFirst))
                    .call(count -> t.putItem(new Item(id, "first", "<first/>", OWNER, now())))));
            assertThat(firstSawCount.get(30, TimeUnit.SECONDS)).isZero();

            Future<Integer> second = threads.submit(() -> tx(t -> countAfterLock(t, id)
                    .call(count -> t.putItem(new Item(id, "second", "<second/>", OWNER, now())))));

            // The second writer must be stuck on the row lock, not racing ahead.
            await().atMost(Duration.ofSeconds(30)).until(this::someoneWaitsForANodeLock);
            assertThat(second).isNotDone();

            releaseFirst.complete(null);
            assertThat(first.get(30, TimeUnit.SECONDS)).isZero();
            assertThat(second.get(30, TimeUnit.SECONDS)).as("count seen by the second writer").isEqualTo(1);
            assertThat(items(id, 10)).extracting(Item::id).containsExactly("second", "first");
        } finally {
            releaseFirst.complete(null);
            threads.shutdown();
        }
    }

    @Test
    void lockNodeReadsTheRowAgainIfTheTransactionHadSeenItBefore() throws Exception {
        String id = createNode("lock-fresh");
        CompletableFuture<Void> seen = new CompletableFuture<>();
        CompletableFuture<Void> changedElsewhere = new CompletableFuture<>();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<Node>> locked = thread.submit(() -> tx(t -> t.findNode(id)
                    .invoke(() -> seen.complete(null))
                    .call(() -> pauseUntil(changedElsewhere))
                    .chain(() -> t.lockNode(id))));
            seen.get(30, TimeUnit.SECONDS);

            tx(t -> t.updateNodeConfig(id, defaultConfig().with().title("changed elsewhere").build()));
            changedElsewhere.complete(null);

            assertThat(locked.get(30, TimeUnit.SECONDS)).get()
                    .extracting(n -> n.config().title()).isEqualTo("changed elsewhere");
        } finally {
            changedElsewhere.complete(null);
            thread.shutdown();
        }
    }

    private static Uni<Integer> countAfterLock(StoreTx t, String id) {
        return t.lockNode(id).chain(() -> t.items(id, 1000)).map(List::size);
    }

    /** A backend of this database blocked on a row lock while selecting a node (the second lockNode). */
    private boolean someoneWaitsForANodeLock() throws SQLException {
        return someoneWaitsForANodeLock(jdbc.getConnection());
    }
}
