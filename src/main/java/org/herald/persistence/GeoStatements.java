package org.herald.persistence;

import io.smallrye.mutiny.Uni;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;
import org.herald.domain.Jid;
import org.herald.domain.geo.Geoloc;
import org.herald.domain.geo.NodePosition;
import org.herald.domain.geo.Position;

/**
 * The geolocation half of a {@link HibernateStoreTx}: the latest-position index ({@code geo_latest}) and the tracks
 * ({@code geo_track}) of V14. Native SQL throughout (upserts, row locks, SKIP LOCKED) and no managed entities, as
 * {@link ItemStatements} does. A position read back carries its fix time as the reading's timestamp: the index keeps
 * one instant per fix.
 */
final class GeoStatements {

    /** The columns of a Position, in the order {@link #position} reads them (after node_id). */
    private static final String POSITION = """
            key, lat, lon, alt, accuracy, bearing, speed, label, fix_time, received, item_id, seq, publisher""";

    // FOR UPDATE: a publish holds its vehicle's row until commit, so two fixes of one vehicle are ordered.
    // (A first fix finds no row to lock; the node lock every publish takes serialises those.)
    private static final String LATEST = "select node_id, " + POSITION + ", stale from geo_latest"
            + " where node_id = :node and key = :key for update";

    private static final String PUT = """
            insert into geo_latest (node_id, key, lat, lon, alt, accuracy, bearing, speed, label, fix_time, received,
                item_id, seq, publisher, stale)
            values (:node, :key, :lat, :lon, cast(:alt as float8), cast(:accuracy as float8), cast(:bearing as float8),
                cast(:speed as float8), cast(:label as text), :fixTime, :received, :item, :seq, :publisher, :stale)
            on conflict (node_id, key) do update set lat = excluded.lat, lon = excluded.lon, alt = excluded.alt,
                accuracy = excluded.accuracy, bearing = excluded.bearing, speed = excluded.speed,
                label = excluded.label, fix_time = excluded.fix_time, received = excluded.received,
                item_id = excluded.item_id, seq = excluded.seq, publisher = excluded.publisher, stale = excluded.stale""";

    private static final String REMOVE = "delete from geo_latest where node_id = :node and key = :key";

    private static final String FORGET_ITEMS = "delete from geo_latest where node_id = :node and item_id in (:ids)";

    /*
     * Track retention: the service-wide horizon, and each node's pubsub#item_expire (positions never outlive the
     * items that carried them). Claimed with SKIP LOCKED, as the other sweeps, so instances share the work.
     */
    private static final String PRUNE_TRACKS = """
            delete from geo_track d using (
                select t.id from geo_track t join nodes n on n.id = t.node_id
                where t.received < cast(:keep as timestamptz)
                   or (n.item_expire is not null
                       and t.received <= cast(:now as timestamptz) - n.item_expire * interval '1 second')
                limit :limit
                for update of t skip locked) e
            where d.id = e.id""";

    private static final String PURGE_LATEST = "delete from geo_latest where node_id = :node";
    private static final String PURGE_TRACK = "delete from geo_track where node_id = :node";

    private static final String APPEND = """
            insert into geo_track (node_id, key, fix_time, lat, lon, alt, accuracy, bearing, speed, label, received,
                seq, item_id, publisher, jump)
            values (:node, :key, :fixTime, :lat, :lon, cast(:alt as float8), cast(:accuracy as float8),
                cast(:bearing as float8), cast(:speed as float8), cast(:label as text), :received, :seq, :item,
                :publisher, :jump)""";

    // "C" collation: the same key order on every server, as node listings do
    private static final String ALL = "select node_id, " + POSITION + ", stale from geo_latest where node_id = :node"
            + " order by key collate \"C\"";

    // Track points are never stale: staleness belongs to the index entry, not to a fix.
    private static final String TRACK = "select node_id, " + POSITION + ", false from geo_track"
            + " where node_id = :node and key = :key"
            + " and fix_time >= coalesce(cast(:from as timestamptz), '-infinity')"
            + " and fix_time <= coalesce(cast(:to as timestamptz), 'infinity')"
            + " order by fix_time, seq, id limit :limit";

    /*
     * Claims with SKIP LOCKED, as the item expiry sweep does: several instances sweeping at once take disjoint rows,
     * and a publish holding a vehicle's row (it is about to refresh it) is never waited for. Marking and returning in
     * one statement tells each entry stale once. Oldest silence first, so a backlog drains in order.
     */
    private static final String MARK_STALE = """
            update geo_latest g set stale = true from (
                select l.node_id, l.key from geo_latest l join nodes n on n.id = l.node_id
                where not l.stale and n.stale_after is not null
                  and l.received + n.stale_after * interval '1 second' <= cast(:now as timestamptz)
                order by l.received
                limit :limit
                for update of l skip locked) s
            where g.node_id = s.node_id and g.key = s.key
            returning g.node_id, g.key, g.lat, g.lon, g.alt, g.accuracy, g.bearing, g.speed, g.label, g.fix_time,
                g.received, g.item_id, g.seq, g.publisher, g.stale""";

    private final Mutiny.Session session;

    GeoStatements(Mutiny.Session session) {
        this.session = session;
    }

    Uni<Optional<Position>> latest(String nodeId, String key) {
        return session.createNativeQuery(LATEST, Object[].class)
                .setParameter("node", nodeId)
                .setParameter("key", key)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(GeoStatements::position));
    }

    Uni<Void> put(String nodeId, Position p) {
        return fix(session.createNativeQuery(PUT), nodeId, p)
                .setParameter("stale", p.stale())
                .executeUpdate()
                .replaceWithVoid();
    }

    Uni<Void> remove(String nodeId, String key) {
        return session.createNativeQuery(REMOVE)
                .setParameter("node", nodeId)
                .setParameter("key", key)
                .executeUpdate()
                .replaceWithVoid();
    }

    Uni<Integer> forgetItems(String nodeId, List<String> itemIds) {
        if (itemIds.isEmpty()) return Uni.createFrom().item(0);
        return session.createNativeQuery(FORGET_ITEMS)
                .setParameter("node", nodeId)
                .setParameter("ids", itemIds)
                .executeUpdate();
    }

    Uni<Integer> pruneTracks(Instant keepSince, Instant now, int limit) {
        return session.createNativeQuery(PRUNE_TRACKS)
                .setParameter("keep", OffsetDateTime.ofInstant(keepSince, java.time.ZoneOffset.UTC))
                .setParameter("now", OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC))
                .setParameter("limit", limit)
                .executeUpdate();
    }

    /** Empties the node's index and tracks (§7.5 purge: the items they came from are gone). */
    Uni<Void> purge(String nodeId) {
        return session.createNativeQuery(PURGE_LATEST).setParameter("node", nodeId).executeUpdate()
                .chain(() -> session.createNativeQuery(PURGE_TRACK).setParameter("node", nodeId).executeUpdate())
                .replaceWithVoid();
    }

    Uni<Void> append(String nodeId, Position p, boolean jump) {
        return fix(session.createNativeQuery(APPEND), nodeId, p)
                .setParameter("jump", jump)
                .executeUpdate()
                .replaceWithVoid();
    }

    Uni<List<Position>> all(String nodeId) {
        return session.createNativeQuery(ALL, Object[].class)
                .setParameter("node", nodeId)
                .getResultList()
                .map(rows -> rows.stream().map(GeoStatements::position).toList());
    }

    Uni<List<Position>> track(String nodeId, String key, Instant from, Instant to, int limit) {
        if (limit < 1) return Uni.createFrom().item(List.of());
        return session.createNativeQuery(TRACK, Object[].class)
                .setParameter("node", nodeId)
                .setParameter("key", key)
                .setParameter("from", from)
                .setParameter("to", to)
                .setParameter("limit", limit)
                .getResultList()
                .map(rows -> rows.stream().map(GeoStatements::position).toList());
    }

    Uni<List<NodePosition>> markStale(Instant now, int limit) {
        if (limit < 1) return Uni.createFrom().item(List.of());
        return session.createNativeQuery(MARK_STALE, Object[].class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new NodePosition((String) r[0], position(r))).toList());
    }

    private static Mutiny.Query<?> fix(Mutiny.Query<?> q, String nodeId, Position p) {
        Geoloc g = p.fix();
        return q.setParameter("node", nodeId)
                .setParameter("key", p.key())
                .setParameter("lat", g.lat())
                .setParameter("lon", g.lon())
                .setParameter("alt", g.alt())
                .setParameter("accuracy", g.accuracy())
                .setParameter("bearing", g.bearing())
                .setParameter("speed", g.speed())
                .setParameter("label", g.label())
                .setParameter("fixTime", p.fixTime())
                .setParameter("received", p.received())
                .setParameter("item", p.itemId())
                .setParameter("seq", p.seq())
                .setParameter("publisher", p.publisher().toString());
    }

    /** A row: node_id, then the POSITION columns, then stale. */
    private static Position position(Object[] r) {
        Instant fixTime = instant(r[9]);
        Geoloc fix = new Geoloc(number(r[2]), number(r[3]), number(r[4]), number(r[5]), number(r[6]), number(r[7]),
                fixTime, (String) r[8]);
        return new Position((String) r[1], fix, fixTime, instant(r[10]), (String) r[11], ((Number) r[12]).longValue(),
                Jid.parse((String) r[13]), (Boolean) r[14]);
    }

    private static Double number(Object o) {
        return o == null ? null : ((Number) o).doubleValue();
    }

    /** Native queries answer timestamptz in the driver's type, which depends on the JDBC-type preferences. */
    private static Instant instant(Object o) {
        if (o instanceof Instant i) return i;
        if (o instanceof OffsetDateTime t) return t.toInstant();
        if (o instanceof ZonedDateTime t) return t.toInstant();
        if (o instanceof Timestamp t) return t.toInstant();
        throw new IllegalStateException("a timestamp column read as " + (o == null ? "null" : o.getClass().getName()));
    }
}
