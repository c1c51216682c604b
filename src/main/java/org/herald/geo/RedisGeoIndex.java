package org.herald.geo;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.herald.domain.geo.GeoArea;
import org.herald.domain.geo.Position;
import org.herald.runtime.OwnContext;
import org.herald.service.geo.GeoQueries;
import org.herald.service.port.GeoIndex;
import org.herald.service.port.PubSubStore;
import org.jboss.logging.Logger;

/**
 * The latest-position index of every node in Redis GEO, for area queries: a cache of PostgreSQL's
 * ({@code StoreTx#latestPositions}), which stays the truth.
 *
 * <ul>
 *   <li>A node's index is built from PostgreSQL on its first query, and again whenever its readiness marker is
 *       missing (Redis restarted empty, FLUSHDB, an invalidation). The query that builds it answers from what it
 *       read.</li>
 *   <li>{@link GeoIndexSink} keeps it current from committed publishes; every write keeps the index's order
 *       (Position#advances), so a late event or a rebuild from an older read never moves a vehicle backwards.</li>
 *   <li>When Redis fails or does not answer within the timeout, {@link #within} fails and the caller reads
 *       PostgreSQL. A node whose update could not be written is invalidated on its next use, as its copy missed a
 *       change.</li>
 * </ul>
 * Every call is a non-blocking command (one Lua script each, so each step is atomic).
 */
public class RedisGeoIndex implements GeoIndex {
    private static final Logger LOG = Logger.getLogger(RedisGeoIndex.class);
    /** Redis' GEO cells cover latitudes up to this (Web Mercator). */
    static final double MAX_LAT = 85.05112878;
    /** Entries written per script while rebuilding: keeps each script short, Redis serves others in between. */
    private static final int REBUILD_CHUNK = 500;

    private final RedisAPI redis;
    private final PubSubStore store;
    private final Vertx vertx;
    private final Duration timeout;
    /** Nodes whose copy missed an update Redis could not take: dropped before their next use. */
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();

    public RedisGeoIndex(RedisAPI redis, PubSubStore store, Vertx vertx, Duration timeout) {
        this.redis = redis;
        this.store = store;
        this.vertx = vertx;
        this.timeout = timeout;
    }

    /** The Redis keys of a node. The braces make them one hash slot on a Redis Cluster, as the scripts need. */
    static String key(String nodeId, String part) {
        return "herald:geo:{" + nodeId + "}:" + part;
    }

    private static List<String> keys(String nodeId, String... parts) {
        List<String> out = new ArrayList<>(parts.length);
        for (String p : parts) out.add(key(nodeId, p));
        return out;
    }

    // ------------------------------------------------------------------ queries

    @Override
    public Uni<List<Position>> within(String nodeId, GeoArea area, Instant notBefore) {
        return Uni.createFrom().deferred(() -> {
            Context home = Vertx.currentContext();
            Uni<List<Position>> answer = cleaned(nodeId).chain(() -> query(nodeId, area))
                    .chain(found -> found != null ? Uni.createFrom().item(found) : rebuild(nodeId))
                    .map(found -> GeoQueries.filter(found, area, notBefore));
            // back on the caller's context: its reactive session lives there
            return home == null ? answer : answer.emitOn(task -> home.runOnContext(v -> task.run()));
        });
    }

    /** The positions in the area's covering circle (or all), or null when the node's index is not ready. */
    private Uni<List<Position>> query(String nodeId, GeoArea area) {
        List<String> args = new ArrayList<>(List.of(GeoScripts.QUERY, "4"));
        CoveringCircle c = area == null ? null : CoveringCircle.of(area);
        args.addAll(keys(nodeId, "ready", c != null && c.turned() ? "idx180" : "idx", "pos", "polar"));
        if (c != null) args.addAll(List.of(Double.toString(c.lon()), Double.toString(c.lat()), Double.toString(c.radius())));
        return call(redis.eval(args)).map(r -> {
            if (r.get(0).toInteger() == 0) return null;
            List<Position> out = new ArrayList<>(r.size() - 1);
            for (int i = 1; i < r.size(); i++) out.add(PositionCodec.read(r.get(i).toString()));
            return out;
        });
    }

    /**
     * Reads the node's index from PostgreSQL, writes it to Redis and marks it ready unless an invalidation raced
     * the read (then the next query rebuilds again). Answers with what it read.
     */
    private Uni<List<Position>> rebuild(String nodeId) {
        String gen = key(nodeId, "gen");
        return call(redis.get(gen)).map(r -> r == null ? "0" : r.toString())
                .chain(generation -> OwnContext.call(vertx, () -> store.inTransaction(tx -> tx.latestPositions(nodeId)))
                        .call(all -> write(nodeId, all, 0))
                        .call(all -> call(redis.eval(List.of(GeoScripts.FINISH, "2", key(nodeId, "ready"), gen, generation)))));
    }

    private Uni<Void> write(String nodeId, List<Position> all, int from) {
        if (from >= all.size()) return Uni.createFrom().voidItem();
        int to = Math.min(all.size(), from + REBUILD_CHUNK);
        return put(nodeId, all.subList(from, to)).chain(() -> write(nodeId, all, to));
    }

    // ------------------------------------------------------------------ updates (from GeoIndexSink)

    /** Writes fixes that advance their entries. */
    Uni<Void> put(String nodeId, List<Position> positions) {
        if (positions.isEmpty()) return Uni.createFrom().voidItem();
        List<String> args = new ArrayList<>(List.of(GeoScripts.PUT, "5"));
        args.addAll(keys(nodeId, "idx", "pos", "ord", "polar", "idx180"));
        for (Position p : positions) {
            args.add(p.key());
            args.add(Double.toString(p.lon()));
            args.add(Double.toString(p.lat()));
            args.add(PositionCodec.write(p));
            args.add(PositionCodec.order(p));
            args.add(Double.toString(CoveringCircle.turn(p.lon())));
        }
        return cleaned(nodeId).chain(() -> call(redis.eval(args))).replaceWithVoid();
    }

    /** XEP-0080 stop command: the entry whose latest fix was {@code last} leaves the index. */
    Uni<Void> remove(String nodeId, Position last) {
        List<String> args = new ArrayList<>(List.of(GeoScripts.REMOVE, "5"));
        args.addAll(keys(nodeId, "idx", "pos", "ord", "polar", "idx180"));
        args.add(last.key());
        args.add(PositionCodec.order(last));
        return cleaned(nodeId).chain(() -> call(redis.eval(args))).replaceWithVoid();
    }

    /** Rewrites entries whose staleness changed (same fix, stale flag set or cleared). */
    Uni<Void> restate(String nodeId, List<Position> positions) {
        Uni<Void> chain = cleaned(nodeId);
        for (Position p : positions) {
            chain = chain.chain(() -> call(redis.eval(List.of(GeoScripts.RESTATE, "2", key(nodeId, "pos"), key(nodeId, "ord"),
                    p.key(), PositionCodec.order(p), PositionCodec.write(p)))).replaceWithVoid());
        }
        return chain;
    }

    /** Forgets the node's copy (deleted, purged, items retracted): the next query rebuilds it from PostgreSQL. */
    Uni<Void> invalidate(String nodeId) {
        List<String> args = new ArrayList<>(List.of(GeoScripts.INVALIDATE, "7"));
        args.addAll(keys(nodeId, "idx", "pos", "ord", "polar", "ready", "gen", "idx180"));
        return call(redis.eval(args)).replaceWithVoid();
    }

    /** An update that did not reach Redis: the node's copy is no longer complete. */
    void missed(String nodeId, Throwable cause) {
        LOG.warnf("the Redis position index of %s missed an update (%s): it is rebuilt before its next use", nodeId, cause.toString());
        dirty.add(nodeId);
    }

    /** Drops the node's copy first if it missed an update. */
    private Uni<Void> cleaned(String nodeId) {
        if (!dirty.contains(nodeId)) return Uni.createFrom().voidItem();
        return invalidate(nodeId).invoke(() -> dirty.remove(nodeId));
    }

    private Uni<Response> call(Uni<Response> command) {
        return command.ifNoItem().after(timeout).fail();
    }
}
