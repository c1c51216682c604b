package org.herald.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.StoredItem;
import org.herald.service.port.ItemRange;
import org.junit.jupiter.api.Test;

/** The paged and archive reads (XEP-0059, XEP-0313) and the expiry claim (§17.4.4) on the real PostgreSQL. */
@QuarkusTest
class ItemRangeStoreTest extends StoreTestSupport {

    static final Jid DESK = Jid.parse("publisher@example.org/desk");
    static final Jid PHONE = Jid.parse("publisher@example.org/phone");
    static final Jid OTHER = Jid.parse("other@example.org/x");

    /** Publishes i1..iN one second apart from {@code start}, alternating DESK, PHONE and OTHER as publisher. */
    private void publish(String node, int n, Instant start) {
        Jid[] who = {DESK, PHONE, OTHER};
        tx(t -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (int i = 1; i <= n; i++) {
                Item item = new Item(node, "i" + i, "<entry>" + i + "</entry>", who[(i - 1) % 3], start.plusSeconds(i - 1));
                chain = chain.chain(() -> t.putItem(item).replaceWithVoid());
            }
            return chain;
        });
    }

    private List<String> range(String node, ItemRange r) {
        return tx(t -> t.itemRange(node, r)).stream().map(s -> s.item().id()).toList();
    }

    private long count(String node, ItemRange r) {
        Long n = tx(t -> t.countItems(node, r));
        return n;
    }

    private boolean hasSeq(String node, long seq) {
        Boolean b = tx(t -> t.hasItemSeq(node, seq));
        return b;
    }

    private java.util.Optional<Long> seq(String node, String itemId) {
        return tx(t -> t.itemSeq(node, itemId));
    }

    private Map<String, List<String>> expire(Instant at) {
        return tx(t -> t.deleteExpiredItems(at, 10_000));
    }

    private static ItemRange all(boolean ascending, int limit) {
        return new ItemRange(null, null, null, null, null, ascending, limit, 0);
    }

    @Test
    void itemExpireAndItemReplyRoundTrip() {
        String id = uniqueNodeId("config-items");
        var config = defaultConfig().with().itemExpire(Duration.ofSeconds(90)).itemReply(org.herald.domain.ItemReply.NONE).build();
        tx(t -> t.insertNode(new Node(id, config, OWNER, now())));
        assertThat(findNode(id)).get().extracting(Node::config).isEqualTo(config);
        var changed = config.with().itemExpire(null).itemReply(org.herald.domain.ItemReply.OWNER).build();
        tx(t -> t.updateNodeConfig(id, changed));
        assertThat(findNode(id)).get().extracting(Node::config).isEqualTo(changed);
    }

    @Test
    void keysetBoundsWalkBothWays() {
        String node = createNode("range-keyset");
        publish(node, 6, now());
        List<StoredItem> asc = tx(t -> t.itemRange(node, all(true, 100)));
        assertThat(asc).extracting(s -> s.item().id()).containsExactly("i1", "i2", "i3", "i4", "i5", "i6");
        assertThat(asc).extracting(StoredItem::seq).isSorted().doesNotHaveDuplicates();
        long s3 = asc.get(2).seq();
        assertThat(range(node, all(true, 2).withSeqBounds(s3, null))).containsExactly("i4", "i5");
        assertThat(range(node, all(false, 2).withSeqBounds(null, s3))).containsExactly("i2", "i1");
        assertThat(range(node, all(false, 10))).containsExactly("i6", "i5", "i4", "i3", "i2", "i1");
        assertThat(range(node, new ItemRange(null, null, null, null, null, false, 2, 3))).containsExactly("i3", "i2");
        assertThat(count(node, all(true, 0).withSeqBounds(s3, null))).isEqualTo(3);
        assertThat(range(node, all(true, 0))).isEmpty();
    }

    @Test
    void timeBoundsAreInclusive() {
        String node = createNode("range-time");
        Instant start = now();
        publish(node, 6, start);
        ItemRange middle = new ItemRange(start.plusSeconds(1), start.plusSeconds(3), null, null, null, true, 100, 0);
        assertThat(range(node, middle)).containsExactly("i2", "i3", "i4");
        assertThat(count(node, middle)).isEqualTo(3);
    }

    @Test
    void publisherFilterMatchesABareJidsResources() {
        String node = createNode("range-publisher");
        publish(node, 6, now());
        ItemRange bare = new ItemRange(null, null, null, null, DESK.bare(), true, 100, 0);
        ItemRange full = new ItemRange(null, null, null, null, PHONE, true, 100, 0);
        assertThat(range(node, bare)).containsExactly("i1", "i2", "i4", "i5");
        assertThat(range(node, full)).containsExactly("i2", "i5");
    }

    @Test
    void itemSeqFindsTheCurrentVersion() {
        String node = createNode("range-seq");
        publish(node, 2, now());
        long first = seq(node, "i1").orElseThrow();
        assertThat(hasSeq(node, first)).isTrue();
        // a re-publish draws a new seq: the old one is no longer in the node
        tx(t -> t.putItem(new Item(node, "i1", "<entry/>", DESK, now())));
        long again = seq(node, "i1").orElseThrow();
        assertThat(again).isGreaterThan(first);
        assertThat(hasSeq(node, first)).isFalse();
        assertThat(seq(node, "missing")).isEmpty();
        assertThat(hasSeq(createNode("range-seq-other"), again)).isFalse();
    }

    /**
     * A node whose items expire in 100 years, published 60 years ago: expired at a test clock 50 years ahead, but
     * not yet for the sweeper the running application schedules, so it never races these tests.
     */
    private String expiringNode(String what, int items, Instant testNow) {
        String id = uniqueNodeId(what);
        Duration expire = Duration.ofDays(100 * 365);
        tx(t -> t.insertNode(new Node(id, defaultConfig().with().itemExpire(expire).build(), OWNER, now())));
        publish(id, items, testNow.minus(Duration.ofDays(110 * 365)));
        return id;
    }

    @Test
    void expiredItemsAreDeletedOnceAndOthersKept() {
        Instant testNow = now().plus(Duration.ofDays(50 * 365));
        String expiring = expiringNode("expire-once", 3, testNow);
        String keeper = createNode("expire-never");
        publish(keeper, 2, now().minus(Duration.ofDays(365)));

        Map<String, List<String>> deleted = expire(testNow);
        assertThat(deleted.get(expiring)).containsExactlyInAnyOrder("i1", "i2", "i3");
        assertThat(deleted).doesNotContainKey(keeper);
        assertThat(items(expiring, 10)).isEmpty();
        assertThat(items(keeper, 10)).hasSize(2);
        assertThat(expire(testNow)).doesNotContainKey(expiring);
    }

    @Test
    void concurrentSweepsSkipWhatTheOtherClaimed() throws Exception {
        Instant testNow = now().plus(Duration.ofDays(50 * 365));
        String node = expiringNode("expire-skip", 4, testNow);
        CompletableFuture<Map<String, List<String>>> firstClaimed = new CompletableFuture<>();
        CompletableFuture<Void> releaseFirst = new CompletableFuture<>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            // The first sweep claims one item and holds it, uncommitted, until released.
            Future<Map<String, List<String>>> first = threads.submit(() -> tx(t -> t.deleteExpiredItems(testNow, 1)
                    .invoke(firstClaimed::complete)
                    .call(() -> pauseUntil(releaseFirst))));
            Map<String, List<String>> a = firstClaimed.get(30, TimeUnit.SECONDS);
            // The second neither waits for the first nor deletes what it holds.
            Map<String, List<String>> b = threads.submit(() -> expire(testNow))
                    .get(30, TimeUnit.SECONDS);
            releaseFirst.complete(null);
            first.get(30, TimeUnit.SECONDS);

            Set<String> mine = new HashSet<>(a.getOrDefault(node, List.of()));
            Set<String> theirs = new HashSet<>(b.getOrDefault(node, List.of()));
            assertThat(mine).doesNotContainAnyElementsOf(theirs);
            Set<String> together = new HashSet<>(mine);
            together.addAll(theirs);
            assertThat(together).containsExactlyInAnyOrder("i1", "i2", "i3", "i4");
            assertThat(items(node, 10)).isEmpty();
        } finally {
            releaseFirst.complete(null);
            threads.shutdown();
        }
    }
}
