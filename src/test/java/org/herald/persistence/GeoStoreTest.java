package org.herald.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.NodeConfig;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionOptions;
import org.herald.domain.SubscriptionState;
import org.herald.domain.geo.BoundingBox;
import org.herald.domain.geo.Circle;
import org.herald.domain.geo.GeoKeying;
import org.herald.domain.geo.GeoSettings;
import org.herald.domain.geo.Geoloc;
import org.herald.domain.geo.InvalidGeoPolicy;
import org.herald.domain.geo.NodePosition;
import org.herald.domain.geo.Position;
import org.junit.jupiter.api.Test;

/** The latest-position index and the tracks (V14) on real PostgreSQL. */
@QuarkusTest
class GeoStoreTest extends StoreTestSupport {

    @Inject
    DataSource jdbc;

    private static final Jid CAR = Jid.parse("car@example.org/gps");

    private static Position fix(String key, double lat, double lon, Instant fixTime, Instant received, long seq) {
        Geoloc g = new Geoloc(lat, lon, 519.5, 4.0, 271.5, 13.9, fixTime, "Marienplatz");
        return new Position(key, g, fixTime, received, "item-" + seq, seq, CAR, false);
    }

    private String geoNode(String what, Duration staleAfter) {
        String id = uniqueNodeId(what);
        NodeConfig c = defaultConfig().with()
                .geo(new GeoSettings(GeoKeying.PUBLISHER, InvalidGeoPolicy.FLAG, staleAfter)).build();
        tx(t -> t.insertNode(new Node(id, c, OWNER, now())));
        return id;
    }

    @Test
    void nodeGeoOptionsRoundTripAndDefaultForOldNodes() {
        String plain = createNode("geo-defaults");
        assertThat(findNode(plain).orElseThrow().config().geo()).isEqualTo(GeoSettings.DEFAULT);

        String geo = geoNode("geo-options", Duration.ofSeconds(90));
        assertThat(findNode(geo).orElseThrow().config().geo())
                .isEqualTo(new GeoSettings(GeoKeying.PUBLISHER, InvalidGeoPolicy.FLAG, Duration.ofSeconds(90)));

        NodeConfig back = findNode(geo).orElseThrow().config().with().geo(GeoSettings.DEFAULT).build();
        tx(t -> t.updateNodeConfig(geo, back));
        assertThat(findNode(geo).orElseThrow().config().geo()).isEqualTo(GeoSettings.DEFAULT);
    }

    @Test
    void aSubscriptionAreaRoundTripsThroughInsertAndUpdate() {
        String node = createNode("geo-area");
        SubscriptionOptions boxed = SubscriptionOptions.DEFAULT.withArea(new BoundingBox(170, -10, -170, 10));
        Subscription s = new Subscription(node, Jid.parse("map@example.org/tab"), "sub-1", SubscriptionState.SUBSCRIBED,
                now(), boxed);
        tx(t -> t.insertSubscription(s));
        assertThat(subscriptions(node).get(0).options().area()).isEqualTo(new BoundingBox(170, -10, -170, 10));

        tx(t -> t.updateSubscriptionOptions(node, "sub-1", boxed.withArea(new Circle(48.1, 11.5, 2500)), now()));
        assertThat(subscriptions(node).get(0).options().area()).isEqualTo(new Circle(48.1, 11.5, 2500));

        tx(t -> t.updateSubscriptionOptions(node, "sub-1", boxed.withArea(null), now()));
        assertThat(subscriptions(node).get(0).options().area()).isNull();
    }

    @Test
    void latestPositionsRoundTripEveryFieldAndAreReplacedPerKey() {
        String node = geoNode("geo-latest", null);
        Instant t0 = now();
        Position first = fix("car-1", 48.137, 11.575, t0, t0, 1);
        Position other = new Position("car-2", Geoloc.at(48.2, 11.6, null), t0, t0, "x", 2, CAR, false);
        tx(t -> t.putLatestPosition(node, first).chain(() -> t.putLatestPosition(node, other)));

        assertThat(latest(node, "car-1")).contains(first);
        assertThat(latest(node, "nobody")).isEmpty();

        Position next = fix("car-1", 48.138, 11.576, t0.plusSeconds(1), t0.plusSeconds(1), 3);
        tx(t -> t.putLatestPosition(node, next));
        List<Position> all = all(node);
        // every field survives; a reading without a timestamp comes back with its fix time
        assertThat(all).containsExactly(next, new Position("car-2", Geoloc.at(48.2, 11.6, t0), t0, t0, "x", 2, CAR, false));

        tx(t -> t.removeLatestPosition(node, "car-1"));
        assertThat(all(node)).extracting(Position::key).containsExactly("car-2");
    }

    @Test
    void trackKeepsEveryFixInFixTimeOrderWithinTheRange() {
        String node = geoNode("geo-track", null);
        Instant t0 = now();
        // appended out of order, as a backlog flush would
        Position p2 = fix("car", 48.02, 11.0, t0.plusSeconds(2), t0.plusSeconds(5), 3);
        Position p0 = fix("car", 48.00, 11.0, t0, t0.plusSeconds(5), 4);
        Position p1 = fix("car", 48.01, 11.0, t0.plusSeconds(1), t0.plusSeconds(6), 5);
        Position elsewhere = fix("other", 10, 10, t0, t0, 6);
        tx(t -> t.appendTrack(node, p2, false).chain(() -> t.appendTrack(node, p0, true))
                .chain(() -> t.appendTrack(node, p1, false)).chain(() -> t.appendTrack(node, elsewhere, false)));

        assertThat(track(node, "car", null, null, 100)).containsExactly(p0, p1, p2);
        assertThat(track(node, "car", t0.plusSeconds(1), t0.plusSeconds(2), 100)).containsExactly(p1, p2);
        assertThat(track(node, "car", t0, t0.plusSeconds(2), 2)).containsExactly(p0, p1);
        assertThat(track(node, "car", t0.plusSeconds(3), null, 100)).isEmpty();
    }

    @Test
    void purgingANodeEmptiesItsIndexAndTracksAndDeletingItCascades() {
        String node = geoNode("geo-purge", null);
        Instant t0 = now();
        Position p = fix("car", 48, 11, t0, t0, 1);
        tx(t -> t.putLatestPosition(node, p).chain(() -> t.appendTrack(node, p, false)));

        tx(t -> t.purgeItems(node));
        assertThat(all(node)).isEmpty();
        assertThat(track(node, "car", null, null, 10)).isEmpty();

        tx(t -> t.putLatestPosition(node, p).chain(() -> t.appendTrack(node, p, false)));
        tx(t -> t.deleteNode(node));
        assertThat(all(node)).isEmpty();
        assertThat(track(node, "car", null, null, 10)).isEmpty();
    }

    @Test
    void forgettingItemsRemovesOnlyTheEntriesTheyKeyed() {
        String node = geoNode("geo-forget", null);
        Instant t0 = now();
        tx(t -> t.putLatestPosition(node, fix("a", 48, 11, t0, t0, 1))
                .chain(() -> t.putLatestPosition(node, fix("b", 48, 11, t0, t0, 2))));

        int forgotten = tx(t -> t.forgetPositionsOf(node, List.of("item-1", "item-99")));
        assertThat(forgotten).isEqualTo(1);
        assertThat(all(node)).extracting(Position::key).containsExactly("b");
        int none = tx(t -> t.forgetPositionsOf(node, List.of()));
        assertThat(none).isZero();
    }

    @Test
    void pruneTracksTakesPointsPastTheHorizonOrPastTheirNodesItemExpireOnly() {
        String plain = geoNode("geo-prune", null);
        String expiring = uniqueNodeId("geo-prune-expire");
        tx(t -> t.insertNode(new Node(expiring, defaultConfig().with().itemExpire(Duration.ofSeconds(60)).build(), OWNER, now())));
        Instant now = now();
        Position ancient = fix("car", 48, 11, now.minusSeconds(7200), now.minusSeconds(7200), 1);
        Position recent = fix("car", 48, 11, now.minusSeconds(120), now.minusSeconds(120), 2);
        Position expired = fix("car", 48, 11, now.minusSeconds(61), now.minusSeconds(61), 3);
        Position live = fix("car", 48, 11, now.minusSeconds(10), now.minusSeconds(10), 4);
        tx(t -> t.appendTrack(plain, ancient, false).chain(() -> t.appendTrack(plain, recent, false))
                .chain(() -> t.appendTrack(expiring, expired, false)).chain(() -> t.appendTrack(expiring, live, false)));

        // the horizon is an hour: the ancient point goes, the recent one stays; item_expire takes the expired one
        // other test classes' old points share this database: drain them too
        int pruned;
        do {
            pruned = tx(t -> t.pruneTracks(now.minusSeconds(3600), now, 10_000));
        } while (pruned == 10_000);
        assertThat(track(plain, "car", null, null, 10)).containsExactly(recent);
        assertThat(track(expiring, "car", null, null, 10)).containsExactly(live);
    }

    @Test
    void markStaleTakesOnlyEntriesSilentForTheirNodesStaleAfterAndEachOnce() {
        String staling = geoNode("geo-stale", Duration.ofSeconds(60));
        String never = geoNode("geo-never", null);
        Instant now = now();
        Position silent = fix("silent", 48, 11, now.minusSeconds(120), now.minusSeconds(61), 1);
        Position edge = fix("edge", 48, 11, now.minusSeconds(60), now.minusSeconds(60), 2);
        Position fresh = fix("fresh", 48, 11, now.minusSeconds(1), now.minusSeconds(59), 3);
        Position forever = fix("forever", 48, 11, now.minusSeconds(999), now.minusSeconds(999), 4);
        tx(t -> t.putLatestPosition(staling, silent).chain(() -> t.putLatestPosition(staling, edge))
                .chain(() -> t.putLatestPosition(staling, fresh)).chain(() -> t.putLatestPosition(never, forever)));

        List<NodePosition> marked = stale(now).stream()
                .filter(np -> np.node().equals(staling) || np.node().equals(never)).toList();
        assertThat(marked).containsExactlyInAnyOrder(
                new NodePosition(staling, silent.asStale(true)), new NodePosition(staling, edge.asStale(true)));
        assertThat(latest(staling, "silent")).contains(silent.asStale(true));
        assertThat(latest(staling, "fresh")).contains(fresh);

        // told once: a second sweep finds nothing more on these nodes
        assertThat(stale(now)).noneMatch(np -> np.node().equals(staling) || np.node().equals(never));

        // the next fix makes it active again
        Position back = fix("silent", 48.1, 11.1, now, now, 5);
        tx(t -> t.putLatestPosition(staling, back));
        assertThat(latest(staling, "silent")).contains(back);
    }

    @Test
    void markStaleSkipsAnEntryAPublishHolds() throws Exception {
        String node = geoNode("geo-stale-locked", Duration.ofSeconds(1));
        Instant old = now().minusSeconds(30);
        Position p = fix("car", 48, 11, old, old, 1);
        tx(t -> t.putLatestPosition(node, p));

        CompletableFuture<Void> locked = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Optional<Position>> publish = CompletableFuture.supplyAsync(() -> tx(t -> t.latestPosition(node, "car")
                .invoke(() -> locked.complete(null))
                .call(() -> pauseUntil(release))));
        locked.get(10, TimeUnit.SECONDS);
        try {
            List<NodePosition> swept = stale(now());
            assertThat(swept).noneMatch(np -> np.node().equals(node));
        } finally {
            release.complete(null);
        }
        publish.get(10, TimeUnit.SECONDS);
        assertThat(stale(now())).anyMatch(np -> np.node().equals(node));
    }

    @Test
    void latestPositionHoldsTheRowUntilCommit() throws Exception {
        String node = geoNode("geo-lock", null);
        Instant t0 = now();
        tx(t -> t.putLatestPosition(node, fix("car", 48, 11, t0, t0, 1)));

        CompletableFuture<Void> locked = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        Position newer = fix("car", 48.5, 11.5, t0.plusSeconds(5), t0.plusSeconds(5), 2);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> tx(t -> t.latestPosition(node, "car")
                .invoke(() -> locked.complete(null))
                .call(() -> pauseUntil(release))
                .chain(() -> t.putLatestPosition(node, newer))));
        locked.get(10, TimeUnit.SECONDS);
        // the second reader waits for the first to commit, then sees its write
        CompletableFuture<Optional<Position>> second = CompletableFuture.supplyAsync(() -> latest(node, "car"));
        await().atMost(Duration.ofSeconds(30)).until(this::someoneWaitsForAPositionLock);
        assertThat(second).isNotDone();
        release.complete(null);
        first.get(10, TimeUnit.SECONDS);
        assertThat(second.get(10, TimeUnit.SECONDS)).contains(newer);
    }

    private Optional<Position> latest(String node, String key) {
        return tx(t -> t.latestPosition(node, key));
    }

    private List<Position> all(String node) {
        return tx(t -> t.latestPositions(node));
    }

    private List<Position> track(String node, String key, Instant from, Instant to, int limit) {
        return tx(t -> t.track(node, key, from, to, limit));
    }

    private List<NodePosition> stale(Instant now) {
        return tx(t -> t.markStale(now, 1000));
    }

    /** A backend of this database blocked on a row lock while selecting a latest position. */
    private boolean someoneWaitsForAPositionLock() throws SQLException {
        try (Connection c = jdbc.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("""
                     select count(*) from pg_stat_activity
                     where datname = current_database() and wait_event_type = 'Lock'
                       and query ilike '%from geo_latest%for update%'""")) {
            r.next();
            return r.getInt(1) > 0;
        }
    }
}
