package org.herald.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.herald.domain.AccessModel;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.NodeConfig;
import org.herald.domain.NodeType;
import org.herald.domain.NotificationType;
import org.herald.domain.PublishModel;
import org.herald.domain.SendLastPublishedItem;
import org.herald.domain.geo.BoundingBox;
import org.herald.domain.geo.Circle;
import org.herald.domain.geo.GeoArea;
import org.herald.domain.geo.GeoChange;
import org.herald.domain.geo.Geoloc;
import org.herald.domain.geo.Position;
import org.herald.service.PubSubService;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.NodePurged;
import org.herald.service.geo.GeoQueries;
import org.herald.service.geo.Snapshot;
import org.herald.service.port.PubSubStore;
import org.junit.jupiter.api.Test;

/**
 * The Redis copy of the position index against the real Redis (the test's own database number) and PostgreSQL:
 * it answers as an exact filter of PostgreSQL's index would, rebuilds itself after a FLUSHDB, and when Redis is
 * unreachable the queries answer from PostgreSQL.
 */
@QuarkusTest
class RedisGeoIndexTest {
    private static final Jid OWNER = Jid.parse("owner@example.org");
    private static final Jid CAR = Jid.parse("car@example.org");

    @Inject
    RedisGeoIndex index;
    @Inject
    GeoIndexSink sink;
    @Inject
    PubSubStore store;
    @Inject
    PubSubService service;
    @Inject
    GeoQueries queries;
    @Inject
    RedisAPI redis;
    @Inject
    io.vertx.mutiny.core.Vertx vertx;

    @Test
    void answersAsAnExactFilterOfTheStoreByBoxRadiusAntimeridianAndAge() {
        String node = node();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        put(node, fix("munich-1", 48.1374, 11.5755, now, 1));
        put(node, fix("munich-2", 48.1400, 11.6010, now.minusSeconds(600), 2)); // ~1.9 km east, ten minutes old
        put(node, fix("fiji-west", -17.0, 179.5, now, 3));
        put(node, fix("fiji-east", -17.0, -179.5, now, 4));
        put(node, fix("polar", 86.5, 10.0, now, 5)); // beyond Redis' GEO latitudes

        assertThat(keys(within(node, new BoundingBox(11.5, 48.0, 11.7, 48.2), null))).containsExactly("munich-1", "munich-2");
        assertThat(keys(within(node, new Circle(48.1374, 11.5755, 1000), null))).containsExactly("munich-1");
        assertThat(keys(within(node, new BoundingBox(179, -20, -179, -10), null))).containsExactly("fiji-east", "fiji-west");
        assertThat(keys(within(node, new BoundingBox(170, -20, 179.9, -10), null))).containsExactly("fiji-west");
        assertThat(keys(within(node, new Circle(-17.0, 180.0, 60_000), null))).containsExactly("fiji-east", "fiji-west");
        assertThat(keys(within(node, new BoundingBox(0, 80, 20, 90), null))).containsExactly("polar");
        assertThat(keys(within(node, null, now.minusSeconds(60)))).containsExactly("fiji-east", "fiji-west", "munich-1", "polar");
        assertThat(keys(within(node, new BoundingBox(11.5, 48.0, 11.7, 48.2), now.minusSeconds(60)))).containsExactly("munich-1");
        // what Redis answers is the entry as stored, every field
        Position back = within(node, new Circle(48.1374, 11.5755, 10), null).get(0);
        assertThat(back).isEqualTo(fix("munich-1", 48.1374, 11.5755, now, 1));
    }

    @Test
    void randomAreasAgreeWithThePostgresIndex() {
        String node = node();
        Random random = new Random(7);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int i = 0; i < 300; i++) {
            // clustered near the antimeridian and spread over the globe
            double lat = -80 + random.nextDouble() * 160;
            double lon = i % 2 == 0 ? -180 + random.nextDouble() * 360 : (random.nextBoolean() ? 175 + random.nextDouble() * 5 : -180 + random.nextDouble() * 5);
            put(node, fix("v" + i, lat, lon, now.minusSeconds(random.nextInt(3600)), i + 1));
        }
        List<Position> truth = tx(() -> store.inTransaction(t -> t.latestPositions(node)));
        for (int i = 0; i < 120; i++) {
            GeoArea area;
            if (i % 2 == 0) {
                double west = -180 + random.nextDouble() * 360;
                double width = random.nextDouble() * (i % 6 == 0 ? 300 : 40);
                double east = west + width > 180 ? west + width - 360 : west + width;
                double south = -85 + random.nextDouble() * 150;
                area = new BoundingBox(west, south, east, Math.min(90, south + random.nextDouble() * 40));
            } else {
                // every other circle sits by the antimeridian, where Redis' own search does not wrap
                double lon = i % 4 == 1 ? (random.nextBoolean() ? 178 + random.nextDouble() * 2 : -180 + random.nextDouble() * 2)
                        : -180 + random.nextDouble() * 360;
                area = new Circle(-80 + random.nextDouble() * 160, lon, 1000 + random.nextDouble() * 3_000_000);
            }
            Instant notBefore = i % 3 == 0 ? now.minusSeconds(1800) : null;
            assertThat(keys(within(node, area, notBefore))).as(area.wire())
                    .isEqualTo(keys(GeoQueries.filter(truth, area, notBefore)));
        }
    }

    @Test
    void aFlushedRedisIsRebuiltFromPostgres() {
        String node = node();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        put(node, fix("a", 10, 10, now, 1));
        GeoArea all = new BoundingBox(0, 0, 20, 20);
        assertThat(keys(within(node, all, null))).containsExactly("a"); // builds the copy
        // written to PostgreSQL behind the cache's back: the copy does not know it, so the answer came from Redis
        put(node, fix("b", 11, 11, now, 2));
        assertThat(keys(within(node, all, null))).containsExactly("a");

        tx(() -> redis.flushdb(List.of()));
        assertThat(keys(within(node, all, null))).containsExactly("a", "b"); // rebuilt from the truth
        assertThat(tx(() -> redis.exists(List.of(RedisGeoIndex.key(node, "ready")))).toInteger()).isEqualTo(1);
        assertThat(keys(within(node, all, null))).containsExactly("a", "b");
    }

    @Test
    void publishesKeepTheCopyCurrentWithoutMovingAVehicleBackwards() {
        String node = node();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Position first = fix("car", 10, 10, t0, 1);
        put(node, first);
        GeoArea all = new BoundingBox(-180, -90, 180, 90);
        assertThat(within(node, all, null)).containsExactly(first); // ready

        Position second = fix("car", 12, 12, t0.plusSeconds(10), 2);
        sink.emit(published(node, new GeoChange("car", second.itemId(), second, first, true, false, false, false)));
        await().atMost(Duration.ofSeconds(10)).until(() -> within(node, all, null).equals(List.of(second)));

        // a late fix (not advanced) is not indexed; an older fix arriving late at Redis is not either
        Position late = fix("car", 11, 11, t0.plusSeconds(5), 3);
        sink.emit(published(node, new GeoChange("car", late.itemId(), late, second, false, false, false, false)));
        tx(() -> index.put(node, List.of(late)));
        assertThat(within(node, all, null)).containsExactly(second);

        // XEP-0080 stop command: the vehicle leaves the index; a rebuild from an older read cannot bring it back
        sink.emit(published(node, new GeoChange("car", "stop-item", null, second, true, false, false, false)));
        await().atMost(Duration.ofSeconds(10)).until(() -> within(node, all, null).isEmpty());
        tx(() -> index.put(node, List.of(second)));
        assertThat(within(node, all, null)).isEmpty();

        // a purge drops the copy: the next query rebuilds it from PostgreSQL
        sink.emit(new NodePurged(nodeOf(node), List.of()));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                tx(() -> redis.exists(List.of(RedisGeoIndex.key(node, "ready")))).toInteger() == 0);
    }

    @Test
    void whenRedisIsUnreachableQueriesAnswerFromPostgres() {
        String node = node();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        put(node, fix("a", 48.1, 11.5, now, 1));
        put(node, fix("b", 52.5, 13.4, now, 2));
        // an honest unreachable Redis: a client of a port nothing listens on
        RedisAPI closed = RedisAPI.api(Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:1")));
        RedisGeoIndex down = new RedisGeoIndex(closed, store, vertx.getDelegate(), Duration.ofSeconds(2));
        GeoQueries fallback = new GeoQueries(service, store, down, Clock.systemUTC());

        Throwable refused = catching(() -> down.within(node, null, null));
        assertThat(refused).isNotNull();
        Snapshot s = tx(() -> fallback.snapshot(OWNER, node, new BoundingBox(10, 45, 12, 50), null));
        assertThat(keys(s.positions())).containsExactly("a");
        // the same answer as the working index gives
        assertThat(keys(tx(() -> queries.snapshot(OWNER, node, new BoundingBox(10, 45, 12, 50), null)).positions())).containsExactly("a");
        // and updates that cannot reach Redis do not fail anything
        new GeoIndexSink(down).emit(published(node, new GeoChange("a", "i9", fix("a", 48.2, 11.6, now.plusSeconds(1), 9), null, true, false, false, false)));
    }

    // ------------------------------------------------------------------ helpers

    private static Position fix(String key, double lat, double lon, Instant at, long seq) {
        return new Position(key, new Geoloc(lat, lon, null, 5.0, 90.0, 13.5, at, "label " + key), at, at.plusMillis(250),
                "item-" + key + "-" + seq, seq, CAR, false);
    }

    private String node() {
        String id = "geo-test/" + UUID.randomUUID();
        tx(() -> store.inTransaction(t -> t.insertNode(new Node(id, config(), OWNER, Instant.now()))));
        return id;
    }

    private Node nodeOf(String id) {
        return tx(() -> store.inTransaction(t -> t.findNode(id))).orElseThrow();
    }

    private static NodeConfig config() {
        return new NodeConfig(NodeType.LEAF, null, null, AccessModel.OPEN, PublishModel.PUBLISHERS, 10, true, true,
                true, true, true, true, false, false, true, 65536, SendLastPublishedItem.NEVER,
                NotificationType.HEADLINE, null, List.of(), List.of(), null);
    }

    private ItemsPublished published(String node, GeoChange change) {
        return new ItemsPublished(nodeOf(node), List.of(), true, List.of(), List.of(), false, List.of(change));
    }

    private void put(String node, Position p) {
        tx(() -> store.inTransaction(t -> t.putLatestPosition(node, p)));
    }

    private List<Position> within(String node, GeoArea area, Instant notBefore) {
        return tx(() -> index.within(node, area, notBefore));
    }

    private static List<String> keys(List<Position> positions) {
        return positions.stream().map(Position::key).sorted(Comparator.naturalOrder()).toList();
    }

    private static <T> T tx(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static Throwable catching(Supplier<Uni<?>> work) {
        try {
            VertxContextSupport.subscribeAndAwait(work::get);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
