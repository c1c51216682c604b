package org.herald.service.geo;

import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.geo.GeoArea;
import org.herald.domain.geo.Position;
import org.herald.domain.geo.TrackSimplifier;
import org.herald.service.PubSubService;
import org.herald.service.port.GeoIndex;
import org.herald.service.port.PubSubStore;

/**
 * The geolocation queries every front-end serves (issue #7): a snapshot of a node's vehicles in an area, and one
 * vehicle's track. Both read behind {@link PubSubService#readAsItemReader}: whoever may not retrieve the node's items
 * (XEP-0060 §6.5, with its errors: §6.5.9) may not see where its vehicles are either.
 *
 * <p>Snapshots come from the {@link GeoIndex} (a cache); when it fails, from the store, which is the truth: a
 * query is slower then, never wrong and never refused for the cache's sake.
 */
public final class GeoQueries {
    private static final System.Logger LOG = System.getLogger(GeoQueries.class.getName());

    /** The most fixes a track query reads: a day at 1 Hz. */
    public static final int MAX_TRACK_FIXES = 100_000;
    /** Points of a downsampled track when the request names no number. */
    public static final int DEFAULT_POINTS = 500;
    /** The most points a track answer holds. */
    public static final int MAX_POINTS = 10_000;
    /** The range of a track query without a start or an end: all of it. */
    static final Instant FIRST = Instant.EPOCH;
    static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

    private final PubSubService service;
    private final PubSubStore store;
    private final GeoIndex index;
    private final Clock clock;

    public GeoQueries(PubSubService service, PubSubStore store, GeoIndex index, Clock clock) {
        this.service = service;
        this.store = store;
        this.index = index;
        this.clock = clock;
    }

    /**
     * The latest positions on {@code nodeId} in {@code area} (all when null) taken no longer than {@code maxAge}
     * ago (any age when null), ordered by key.
     */
    public Uni<Snapshot> snapshot(Jid actor, String nodeId, GeoArea area, Duration maxAge) {
        if (maxAge != null && maxAge.isNegative()) {
            return Uni.createFrom().failure(PubSubException.badField(PubSubError.BAD_REQUEST, "max-age", "a maximum age is not negative"));
        }
        Instant notBefore = maxAge == null ? null : clock.instant().minus(maxAge);
        // the access check first, in its own short transaction; the cache is read outside of it
        return service.<Node>readAsItemReader(actor, nodeId, (tx, node) -> Uni.createFrom().item(node))
                .chain(node -> index.within(nodeId, area, notBefore)
                        .onFailure().recoverWithUni(e -> {
                            LOG.log(System.Logger.Level.WARNING, "position index unavailable (" + e + "): answering from the store");
                            return store.inTransaction(tx -> tx.latestPositions(nodeId)).map(all -> filter(all, area, notBefore));
                        })
                        .map(found -> new Snapshot(node, sorted(found))));
    }

    /**
     * One vehicle's fixes taken in [from, to] (either open when null), downsampled to at most {@code maxPoints}
     * ({@link #DEFAULT_POINTS} when null) keeping the first and the last.
     */
    public Uni<Track> track(Jid actor, String nodeId, String key, Instant from, Instant to, Integer maxPoints) {
        if (key == null || key.isEmpty()) {
            return Uni.createFrom().failure(PubSubException.badField(PubSubError.BAD_REQUEST, "key", "a track needs the key of a vehicle"));
        }
        Instant start = from == null ? FIRST : from;
        Instant end = to == null ? LAST : to;
        if (start.isAfter(end)) {
            return Uni.createFrom().failure(PubSubException.badField(PubSubError.BAD_REQUEST, "end", "the end lies before the start"));
        }
        int points = maxPoints == null ? DEFAULT_POINTS : maxPoints;
        if (points < 2 || points > MAX_POINTS) {
            return Uni.createFrom().failure(PubSubException.badField(PubSubError.BAD_REQUEST, "points",
                    points + " is outside 2.." + MAX_POINTS));
        }
        return service.readAsItemReader(actor, nodeId, (tx, node) -> tx.track(nodeId, key, start, end, MAX_TRACK_FIXES)
                .map(fixes -> new Track(node, key, fixes.size(),
                        fixes.size() <= points ? fixes : TrackSimplifier.simplify(fixes, points))));
    }

    /** The exact rule a cache's coarse answer is cut to as well. */
    public static List<Position> filter(List<Position> positions, GeoArea area, Instant notBefore) {
        return positions.stream()
                .filter(p -> area == null || area.contains(p))
                .filter(p -> notBefore == null || !p.fixTime().isBefore(notBefore))
                .toList();
    }

    private static List<Position> sorted(List<Position> positions) {
        return positions.stream().sorted(Comparator.comparing(Position::key)).toList();
    }
}
