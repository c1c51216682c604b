package org.herald.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.herald.domain.StoredItem;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionOptions;
import org.herald.domain.SubscriptionState;
import org.herald.domain.SubscriptionType;
import org.herald.service.port.DueDigest;
import org.junit.jupiter.api.Test;

/**
 * Subscription options (V4) on the real PostgreSQL: typed columns, the digest cursor and the lease sweep, both
 * claimed with SKIP LOCKED. Digest and lease rows here are dated in 2000 so they come before anything other test
 * classes leave behind, and the claims look at 2001: the jobs of a running Herald (which use the real time and are
 * off in store tests anyway) never compete for them.
 */
@QuarkusTest
class SubscriptionOptionsStoreTest extends StoreTestSupport {
    static final Instant Y2K = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATER = Instant.parse("2001-01-01T00:00:00Z");

    static Jid freshJid() {
        return Jid.parse("opt-" + UUID.randomUUID() + "@example.org/r");
    }

    static SubscriptionOptions digestEvery(long millis) {
        return new SubscriptionOptions(true, true, millis, null, false, Set.of(), SubscriptionType.ITEMS, 1);
    }

    @Test
    void everyOptionRoundTrips() {
        String node = createNode("opts");
        SubscriptionOptions options = new SubscriptionOptions(false, true, 5000, now().plus(3, ChronoUnit.DAYS), true,
                Set.of("chat", "online"), SubscriptionType.NODES, SubscriptionOptions.DEPTH_ALL, true);
        Subscription custom = new Subscription(node, freshJid(), "custom", SubscriptionState.SUBSCRIBED, now(), options);
        Subscription plain = new Subscription(node, freshJid(), "plain", SubscriptionState.SUBSCRIBED, now());
        tx(t -> t.insertSubscription(custom).chain(() -> t.insertSubscription(plain)));

        assertThat(subscriptions(node)).containsExactlyInAnyOrder(custom, plain);
    }

    @Test
    void updatingOptionsChangesOnlyThatSubscription() {
        String node = createNode("opts-update");
        Jid jid = freshJid();
        Subscription a = new Subscription(node, jid, "a", SubscriptionState.SUBSCRIBED, now());
        Subscription b = new Subscription(node, jid, "b", SubscriptionState.SUBSCRIBED, now());
        tx(t -> t.insertSubscription(a).chain(() -> t.insertSubscription(b)));
        SubscriptionOptions changed = new SubscriptionOptions(true, false, 1000, null, true, Set.of("dnd"),
                SubscriptionType.ITEMS, 1, true);

        tx(t -> t.updateSubscriptionOptions(node, "b", changed, now()));

        assertThat(subscriptions(node)).containsExactlyInAnyOrder(a, b.withOptions(changed));
    }

    @Test
    void aDigestStartsAfterTheNewestItemAndReadsOnFromItsCursor() {
        String node = createNode("digest");
        tx(t -> t.putItem(new Item(node, "old", "<old/>", OWNER, now())));
        Subscription s = new Subscription(node, freshJid(), "d-" + UUID.randomUUID(), SubscriptionState.SUBSCRIBED, Y2K,
                digestEvery(1000));
        tx(t -> t.insertSubscription(s));
        tx(t -> t.putItem(new Item(node, "new1", "<new1/>", OWNER, now()))
                .chain(() -> t.putItem(new Item(node, "new2", "<new2/>", OWNER, now()))));

        DueDigest due = claimedFor(node, LATER);
        assertThat(due.subscription()).isEqualTo(s);
        List<StoredItem> pending = itemsAfter(node, due.afterSeq());
        assertThat(pending).extracting(i -> i.item().id()).containsExactly("new1", "new2");
        assertThat(pending.get(0).seq()).isLessThan(pending.get(1).seq());

        // advanced past new1 and due again only in 2002: not claimed in 2001
        tx(t -> t.advanceDigest(node, s.subId(), pending.get(0).seq(), Instant.parse("2002-01-01T00:00:00Z")));
        assertThat(claimed(node, LATER)).isEmpty();
        assertThat(claimed(node, Instant.parse("2002-01-01T00:00:00Z"))).singleElement()
                .satisfies(d -> assertThat(itemsAfter(node, d.afterSeq()))
                        .extracting(i -> i.item().id()).containsExactly("new2"));
    }

    @Test
    void turningTheDigestOnStartsItsCursorAtTheNewestItemAndOffStopsIt() {
        String node = createNode("digest-toggle");
        Subscription s = new Subscription(node, freshJid(), "t-" + UUID.randomUUID(), SubscriptionState.SUBSCRIBED, Y2K);
        tx(t -> t.insertSubscription(s).chain(() -> t.putItem(new Item(node, "before", "<b/>", OWNER, now()))));
        assertThat(claimed(node, LATER)).isEmpty(); // not a digest subscription

        tx(t -> t.updateSubscriptionOptions(node, s.subId(), digestEvery(1000), Y2K));
        DueDigest due = claimedFor(node, LATER);
        assertThat(itemsAfter(node, due.afterSeq())).isEmpty();

        tx(t -> t.updateSubscriptionOptions(node, s.subId(), SubscriptionOptions.DEFAULT, Y2K));
        assertThat(claimed(node, LATER)).isEmpty();
    }

    @Test
    void aClaimedDigestIsSkippedByAnotherInstanceUntilItsTransactionEnds() throws Exception {
        String node = createNode("digest-lock");
        Subscription s = new Subscription(node, freshJid(), "l-" + UUID.randomUUID(), SubscriptionState.SUBSCRIBED, Y2K,
                digestEvery(1000));
        tx(t -> t.insertSubscription(s));
        CompletableFuture<Void> claimedByFirst = new CompletableFuture<>();
        CompletableFuture<Void> releaseFirst = new CompletableFuture<>();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<List<DueDigest>> first = thread.submit(() -> tx(t -> t.claimDueDigests(LATER, 100)
                    .invoke(() -> claimedByFirst.complete(null))
                    .call(() -> pauseUntil(releaseFirst))));
            claimedByFirst.get(30, TimeUnit.SECONDS);

            // the second instance neither waits nor gets it
            assertThat(claimed(node, LATER)).isEmpty();

            releaseFirst.complete(null);
            assertThat(first.get(30, TimeUnit.SECONDS)).anySatisfy(d -> assertThat(d.subscription()).isEqualTo(s));
            assertThat(claimed(node, LATER)).hasSize(1); // not advanced: free to claim again
        } finally {
            releaseFirst.complete(null);
            thread.shutdown();
        }
    }

    @Test
    void endedLeasesAreDeletedOnceAndReturned() throws Exception {
        String node = createNode("lease");
        Instant end = Y2K.plus(1, ChronoUnit.DAYS);
        Subscription ending = new Subscription(node, freshJid(), "e-" + UUID.randomUUID(), SubscriptionState.SUBSCRIBED, Y2K,
                new SubscriptionOptions(true, false, 1000, end, false, Set.of(), SubscriptionType.ITEMS, 1));
        Subscription lasting = new Subscription(node, freshJid(), "k-" + UUID.randomUUID(), SubscriptionState.SUBSCRIBED, Y2K);
        tx(t -> t.insertSubscription(ending).chain(() -> t.insertSubscription(lasting)));

        assertThat(sweep(Y2K)).doesNotContain(ending);
        // the other instance's sweep skips a lease this one holds
        CompletableFuture<Void> claimedByFirst = new CompletableFuture<>();
        CompletableFuture<Void> releaseFirst = new CompletableFuture<>();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<List<Subscription>> first = thread.submit(() -> tx(t -> t.deleteExpiredSubscriptions(end, 100)
                    .invoke(() -> claimedByFirst.complete(null))
                    .call(() -> pauseUntil(releaseFirst))));
            claimedByFirst.get(30, TimeUnit.SECONDS);
            assertThat(sweep(end)).doesNotContain(ending);
            releaseFirst.complete(null);
            assertThat(first.get(30, TimeUnit.SECONDS)).contains(ending);
        } finally {
            releaseFirst.complete(null);
            thread.shutdown();
        }
        assertThat(subscriptions(node)).containsExactly(lasting);
    }

    private List<StoredItem> itemsAfter(String node, long seq) {
        return tx(t -> t.itemsAfter(node, seq, 10));
    }

    private List<Subscription> sweep(Instant at) {
        return tx(t -> t.deleteExpiredSubscriptions(at, 100));
    }

    /** This node's digests due at {@code at}, claimed in a transaction of their own (and released at its end). */
    private List<DueDigest> claimed(String node, Instant at) {
        return tx(t -> t.claimDueDigests(at, 100)).stream().filter(d -> d.subscription().node().equals(node)).toList();
    }

    private DueDigest claimedFor(String node, Instant at) {
        List<DueDigest> mine = claimed(node, at);
        assertThat(mine).hasSize(1);
        return mine.get(0);
    }
}
