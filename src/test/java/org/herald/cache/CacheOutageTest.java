package org.herald.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.herald.domain.Jid;
import org.herald.fanout.RedisNames;
import org.herald.service.PubSubService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cache on a private Redis that the test flushes, pauses and kills mid-use: every read stays correct (answered
 * from PostgreSQL while Redis cannot help, without waiting long), and no entry made stale while Redis was away is
 * served once it is back.
 */
@QuarkusTest
@QuarkusTestResource(value = PrivateRedis.class, restrictToAnnotatedClass = true)
class CacheOutageTest {
    private static final Jid READER = Jid.parse("reader@example.org");

    @Inject
    PubSubService service;
    @Inject
    MeterRegistry registry;
    @Inject
    CachingPubSubStore store;
    @Inject
    RedisNames names;
    @Inject
    Vertx vertx;

    CacheCalls calls;
    Redis client;
    RedisAPI admin;

    @BeforeEach
    void setUp() {
        calls = new CacheCalls(service, registry);
        if (!PrivateRedis.server.isRunning()) PrivateRedis.server.restart();
        client = Redis.createClient(vertx, PrivateRedis.server.uri(0));
        admin = RedisAPI.api(client);
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private void warm(Runnable read) {
        double before = calls.hits();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            read.run();
            return calls.hits() > before;
        });
    }

    @Test
    void theCacheLivesOnThePrivateRedis() {
        String node = calls.node("open");
        warm(() -> calls.title(READER, node));
        assertThat(admin.existsAndAwait(List.of(names.name("cache", "v", node))).toInteger()).isEqualTo(1);
    }

    @Test
    void aFlushAllMidUseOnlyCostsMisses() {
        String node = calls.node("open");
        calls.publish(node, "a", "x");
        calls.configure(node, "pubsub#title", "before");
        warm(() -> calls.title(READER, node));
        warm(() -> calls.firstPage(READER, node, 10));

        admin.flushallAndAwait(List.of());
        assertThat(calls.title(READER, node)).isEqualTo("before");
        assertThat(calls.firstPage(READER, node, 10)).containsExactly("a");
        calls.configure(node, "pubsub#title", "after");
        calls.publish(node, "b", "y");
        assertThat(calls.title(READER, node)).isEqualTo("after");
        assertThat(calls.firstPage(READER, node, 10)).containsExactly("b", "a");
        // flushed again between a read's miss and its write-back: still nothing stale
        admin.flushallAndAwait(List.of());
        calls.configure(node, "pubsub#title", "third");
        warm(() -> calls.title(READER, node));
        assertThat(calls.title(READER, node)).isEqualTo("third");
    }

    @Test
    void aKilledRedisSendsReadsToPostgresAndNothingStaleSurvivesItsReturn() {
        String node = calls.node("open");
        calls.configure(node, "pubsub#title", "before");
        warm(() -> calls.title(READER, node));

        PrivateRedis.server.kill();
        long started = System.nanoTime();
        assertThat(calls.title(READER, node)).isEqualTo("before");
        calls.configure(node, "pubsub#title", "while down");
        calls.publish(node, "down", "x");
        assertThat(calls.title(READER, node)).isEqualTo("while down");
        assertThat(calls.firstPage(READER, node, 5)).containsExactly("down");
        // a handful of calls, each bounded by the cache's timeout at worst, never by a hung Redis
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(calls.errors()).isPositive();
        assertThat(store.pendingInvalidations()).contains(node);

        PrivateRedis.server.restart();
        await().atMost(Duration.ofSeconds(15)).until(() -> store.pendingInvalidations().isEmpty());
        warm(() -> calls.title(READER, node));
        assertThat(calls.title(READER, node)).isEqualTo("while down");
        assertThat(calls.firstPage(READER, node, 5)).containsExactly("down");
    }

    /**
     * Redis unreachable for a while but keeping its data (a paused server, as a network partition would look): the
     * entry cached before the change is still in Redis when it answers again, and must not be served. The failed
     * invalidation is retried; meanwhile this instance does not use the cache for the node.
     */
    @Test
    void anInvalidationThatFailedIsRetriedBeforeTheStaleEntryIsServed() {
        String node = calls.node("open");
        calls.configure(node, "pubsub#title", "before");
        warm(() -> calls.title(READER, node));
        String token = admin.getAndAwait(names.name("cache", "v", node)).toString();

        admin.clientAndAwait(List.of("PAUSE", "2000", "ALL"));
        calls.configure(node, "pubsub#title", "during the pause");
        assertThat(store.pendingInvalidations()).contains(node);
        assertThat(calls.title(READER, node)).isEqualTo("during the pause");

        await().atMost(Duration.ofSeconds(15)).until(() -> store.pendingInvalidations().isEmpty());
        var now = admin.getAndAwait(names.name("cache", "v", node));
        assertThat(now == null ? null : now.toString()).isNotEqualTo(token);
        warm(() -> calls.title(READER, node));
        assertThat(calls.title(READER, node)).isEqualTo("during the pause");
    }
}
