package org.herald.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.herald.fanout.ClusterMember;
import org.herald.fanout.SseTap;
import org.herald.testsupport.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #9 with Redis as the fault (issue #6 covered Redis outages piece by piece): a private Redis holding the link
 * lease, caches and the stream bus of a running Herald is killed during a publish burst over XMPP and REST and
 * started again empty. Publishing goes on while Redis is away (PostgreSQL is the truth), no acknowledged item is lost,
 * the link stays up, and fan-out resumes: a Smack subscriber and an SSE client get the items published afterwards.
 */
class RedisRestartIT {
    RedisServer redis;
    FaultBed bed;

    @AfterEach
    void cleanUp() {
        if (bed != null) bed.close();
        if (redis != null) redis.close();
    }

    @Test
    void nothingAcknowledgedIsLostAndFanOutResumesAfterARedisCrash() throws Exception {
        redis = RedisServer.start();
        bed = FaultBed.start("redis");
        ClusterMember herald = bed.herald("herald", "quarkus.redis.hosts", redis.uri(4));
        bed.createNodeAndSubscribe();
        String node = bed.node;
        try (SseTap sse = SseTap.open(URI.create("http://127.0.0.1:" + herald.httpPort + "/api/v1/nodes/" + node + "/events"),
                ClusterMember.TOKEN)) {
            assertThat(sse.status).isEqualTo(200);
            PublishBurst burst = new PublishBurst(node, 15000, Duration.ofMillis(10), Duration.ofSeconds(5));
            burst.xmpp("xmpp1", bed.clients.connect("pub1-" + bed.suffix), bed.owner.service);
            burst.xmpp("xmpp2", bed.clients.connect("pub2-" + bed.suffix), bed.owner.service);
            burst.rest("rest1", () -> herald);

            await().atMost(Duration.ofSeconds(30)).until(() -> burst.ackedSince(0) >= 30);
            redis.kill();
            long killedAt = System.nanoTime();
            await("publishes acknowledged while Redis is down").atMost(Duration.ofSeconds(30))
                    .until(() -> burst.ackedSince("xmpp1", killedAt) >= 10 && burst.ackedSince("rest1", killedAt) >= 10);
            redis.restart(); // empty: no lease, no cache, no bus state
            long restartedAt = System.nanoTime();
            await("publishes acknowledged after the Redis restart").atMost(Duration.ofSeconds(30))
                    .until(() -> burst.ackedSince("xmpp1", restartedAt) >= 10 && burst.ackedSince("rest1", restartedAt) >= 10);
            burst.stop();

            Set<String> acked = new LinkedHashSet<>();
            burst.acked.forEach(a -> acked.add(a.id()));
            Set<String> lost = bed.lost(herald, acked);
            List<String> after = List.of("after-r-1", "after-r-2");
            Set<String> notified = bed.publishAndAwaitNotified(after);
            await("the SSE client gets the items published after the restart").atMost(Duration.ofSeconds(30))
                    .until(() -> sse.itemIds().containsAll(after));
            await("the link held (lease taken again in the new Redis)").atMost(Duration.ofSeconds(30))
                    .until(herald::holdsLink);
            Set<String> streamed = new LinkedHashSet<>(sse.itemIds());
            System.out.printf("RedisRestartIT: acknowledged %d (%d while Redis was down), present %d, lost %d; failed attempts %s; "
                            + "XMPP subscriber notified of %d acknowledged items, SSE client of %d (%d duplicates)%n",
                    acked.size(), burst.acked.stream().filter(a -> a.at() > killedAt && a.at() <= restartedAt).count(),
                    acked.size() - lost.size(), lost.size(), burst.failuresByKind(),
                    notified.stream().filter(acked::contains).count(), streamed.stream().filter(acked::contains).count(),
                    sse.itemIds().size() - streamed.size());
            assertThat(lost).as("acknowledged items missing after the Redis crash").isEmpty();
            assertThat(burst.refused).as("publishes refused because Redis was away").isEmpty();
            assertThat(streamed).as("every acknowledged item reached the SSE client (filled from PostgreSQL)").containsAll(acked);
        }
    }
}
