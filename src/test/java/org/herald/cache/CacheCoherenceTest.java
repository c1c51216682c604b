package org.herald.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.herald.cache.CacheCalls.OWNER;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.herald.domain.Affiliation;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.Subscription;
import org.herald.fanout.RedisNames;
import org.herald.service.PageRequest;
import org.herald.service.PubSubService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Through the service, on the real PostgreSQL and Redis (this branch's database number and prefix): reads are served
 * from the cache once warm, and each kind of change is seen by the very next read — configuration, affiliations
 * (the access model decides on them), subscriptions, publish and retract.
 */
@QuarkusTest
class CacheCoherenceTest {
    private static final Jid READER = Jid.parse("reader@example.org");

    @Inject
    PubSubService service;
    @Inject
    MeterRegistry registry;
    @Inject
    RedisAPI redis;
    @Inject
    RedisNames names;
    @Inject
    CacheConfig config;

    CacheCalls calls;

    @BeforeEach
    void setUp() {
        calls = new CacheCalls(service, registry);
    }

    /** Repeats a read until the cache answers it (the miss writes its entry in the background). */
    private void warm(Runnable read) {
        double before = calls.hits();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            read.run();
            return calls.hits() > before;
        });
    }

    @Test
    void aConfigurationChangeIsSeenByTheNextRead() {
        String node = calls.node("open");
        warm(() -> calls.title(READER, node));
        for (int i = 0; i < 5; i++) {
            calls.configure(node, "pubsub#title", "title " + i);
            assertThat(calls.title(READER, node)).isEqualTo("title " + i);
            assertThat(calls.title(READER, node)).isEqualTo("title " + i);
        }
    }

    @Test
    void anAffiliationChangeDecidesTheNextReadOnAWhitelistNode() {
        String node = calls.node("whitelist");
        calls.publish(node, "one", "x");
        warm(() -> calls.refusal(READER, node));
        assertThat(calls.refusal(READER, node)).isEqualTo(PubSubError.CLOSED_NODE);
        for (int round = 0; round < 3; round++) {
            CacheCalls.await(() -> service.modifyAffiliations(OWNER, node, Map.of(READER, Affiliation.MEMBER)));
            assertThat(calls.refusal(READER, node)).isNull();
            assertThat(calls.firstPage(READER, node, 5)).containsExactly("one");
            CacheCalls.await(() -> service.modifyAffiliations(OWNER, node, Map.of(READER, Affiliation.OUTCAST)));
            assertThat(calls.refusal(READER, node)).isEqualTo(PubSubError.FORBIDDEN);
            CacheCalls.await(() -> service.modifyAffiliations(OWNER, node, Map.of(READER, Affiliation.NONE)));
            assertThat(calls.refusal(READER, node)).isEqualTo(PubSubError.CLOSED_NODE);
        }
        // an access model change is a configuration change: open lets the stranger in at once
        calls.configure(node, "pubsub#access_model", "open");
        assertThat(calls.refusal(READER, node)).isNull();
    }

    @Test
    void subscribingAndUnsubscribingAreSeenByTheNextRead() {
        String node = calls.node("open");
        warm(() -> calls.subscribers(node));
        assertThat(calls.subscribers(node)).isZero();
        Subscription s = CacheCalls.await(() -> service.subscribe(READER, node, READER));
        assertThat(calls.subscribers(node)).isEqualTo(1);
        assertThat(CacheCalls.await(() -> service.subscriptionsOf(READER, node))).extracting(Subscription::subId)
                .containsExactly(s.subId());
        CacheCalls.await(() -> service.unsubscribe(READER, node, READER, s.subId()));
        assertThat(calls.subscribers(node)).isZero();
        assertThat(CacheCalls.await(() -> service.subscriptionsOf(READER, node))).isEmpty();
    }

    @Test
    void publishAndRetractAreSeenByTheNextRead() {
        String node = calls.node("open");
        warm(() -> calls.firstPage(READER, node, 20));
        assertThat(calls.firstPage(READER, node, 20)).isEmpty();
        for (int i = 0; i < 10; i++) {
            calls.publish(node, "item-" + i, "text " + i);
            assertThat(calls.firstPage(READER, node, 20)).first().isEqualTo("item-" + i);
            assertThat(calls.count(READER, node)).isEqualTo(i + 1);
        }
        calls.retract(node, "item-9");
        assertThat(calls.firstPage(READER, node, 3)).containsExactly("item-8", "item-7", "item-6");
        // republishing an id makes it the newest again
        calls.publish(node, "item-2", "again");
        assertThat(calls.firstPage(READER, node, 3)).containsExactly("item-2", "item-8", "item-7");
        // a page after a cursor, answered from the cached newest items
        assertThat(calls.page(READER, node, new PageRequest(2, "item-8", null, null))).extracting(s -> s.item().id())
                .containsExactly("item-7", "item-6");
        CacheCalls.await(() -> service.purge(OWNER, node));
        assertThat(calls.firstPage(READER, node, 20)).isEmpty();
    }

    @Test
    void aNodeLongerThanTheCachedItemsPagesAsPostgresWould() {
        String node = calls.node("open");
        calls.configure(node, "pubsub#max_items", "200");
        int n = config.lastItems() + 20;
        for (int i = 0; i < n; i++) calls.publish(node, "i" + i, "t");
        warm(() -> calls.firstPage(READER, node, 20));
        // walk the whole node page by page: the early pages come from the cache, the later from PostgreSQL
        String after = null;
        int seen = 0;
        while (true) {
            List<String> page = calls.page(READER, node, new PageRequest(25, after, null, null)).stream()
                    .map(s -> s.item().id()).toList();
            if (page.isEmpty()) break;
            for (String id : page) assertThat(id).isEqualTo("i" + (n - 1 - seen++));
            after = page.get(page.size() - 1);
        }
        assertThat(seen).isEqualTo(n);
        assertThat(calls.count(READER, node)).isEqualTo(n);
    }

    @Test
    void deletingANodeIsSeenAndANewNodeOfTheSameIdStartsClean() {
        String node = calls.node("open");
        calls.publish(node, "old", "x");
        warm(() -> calls.firstPage(READER, node, 5));
        CacheCalls.await(() -> service.delete(OWNER, node, null));
        assertThat(calls.refusal(READER, node)).isEqualTo(PubSubError.ITEM_NOT_FOUND);
        CacheCalls.await(() -> service.create(OWNER, node, Map.of("pubsub#access_model", List.of("whitelist"))));
        assertThat(calls.refusal(READER, node)).isEqualTo(PubSubError.CLOSED_NODE);
        assertThat(calls.firstPage(OWNER, node, 5)).isEmpty();
    }

    /**
     * The race the version tokens exist for: a reader takes the token and reads PostgreSQL before a commit, the
     * writer invalidates, then the reader writes what it read. That entry must never be served.
     */
    @Test
    void aReaderThatLostTheRaceWithAnInvalidationCachesNothingAnyoneReads() {
        RedisCache cache = new RedisCache(redis, names, config, registry);
        String node = "race-" + System.nanoTime();
        RedisCache.Lookup before = CacheCalls.await(() -> cache.get(node, "node"));
        assertThat(before.value()).isNull();
        CacheCalls.await(() -> cache.invalidate(List.of(node)));
        assertThat(CacheCalls.await(() -> cache.put(node, before, "node", "stale"))).isFalse();
        RedisCache.Lookup after = CacheCalls.await(() -> cache.get(node, "node"));
        assertThat(after.value()).isNull();
        assertThat(after.token()).isNotEqualTo(before.token());
        // and a reader in step with the current token does fill the cache
        assertThat(CacheCalls.await(() -> cache.put(node, after, "node", "fresh"))).isTrue();
        assertThat(CacheCalls.await(() -> cache.get(node, "node")).value()).isEqualTo("fresh");
    }

    @Test
    void newestItemsTooLargeToCacheAreReadFromPostgres() {
        String node = calls.node("open");
        calls.configure(node, "pubsub#max_items", "100");
        String big = "y".repeat(40_000);
        int n = (int) (config.maxEntrySize() / big.length()) + 2; // together beyond the largest entry
        for (int i = 0; i < n; i++) calls.publish(node, "big-" + i, big);
        warm(() -> calls.title(READER, node)); // the node's small parts are cached
        for (int i = 0; i < 3; i++) assertThat(calls.firstPage(READER, node, 5)).first().isEqualTo("big-" + (n - 1));
        String token = redis.getAndAwait(names.name("cache", "v", node)).toString();
        assertThat(redis.existsAndAwait(List.of(names.name("cache", "d") + ":" + token + ":items")).toInteger()).isZero();
        assertThat(redis.existsAndAwait(List.of(names.name("cache", "d") + ":" + token + ":node")).toInteger()).isOne();
    }

    @Test
    void theCacheIsVisibleInTheMetrics() {
        String node = calls.node("open");
        warm(() -> calls.title(READER, node));
        String text = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(text).contains("herald_cache_hits_total{part=\"node\"}", "herald_cache_misses_total{part=\"node\"}",
                "herald_cache_invalidations_pending");
    }
}
