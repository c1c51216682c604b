package org.herald.ingest;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The feed registry and its cursor in PostgreSQL (V13). This is ingestion's own state, not pubsub data: items go to
 * nodes through PubSubService only.
 */
@ApplicationScoped
public class FeedStore {
    private static final String COLUMNS = """
            id, url, node_id, added_by, status, etag, last_modified, last_fetch, last_status, last_error, failures,
            interval_seconds, next_fetch, items_published, hub, created, websub_state, websub_until""";
    private static final String INSERT = """
            insert into feeds (url, node_id, added_by, interval_seconds, next_fetch, created)
            values (:url, :node, :by, :interval, :now, :now)
            on conflict (url, node_id) do nothing
            returning\s""" + COLUMNS;
    private static final String FIND = "select " + COLUMNS + " from feeds where id = :id";
    private static final String ALL = "select " + COLUMNS + " from feeds order by id";
    private static final String BY = "select " + COLUMNS + " from feeds where added_by = :by order by id";
    private static final String DELETE = "delete from feeds where id = :id";
    // SKIP LOCKED hands disjoint feeds to concurrent claimers (other instances); the lease in claimed_until keeps a
    // claimed feed from being taken again while it is fetched, and frees it if the claimer dies meanwhile.
    private static final String CLAIM = """
            with due as (
                select id from feeds
                where status not in ('gone', 'revoked') and next_fetch <= :now
                  and (claimed_until is null or claimed_until <= :now)
                order by next_fetch, id limit :limit for update skip locked)
            update feeds f set claimed_until = :until from due where f.id = due.id
            returning f.id, f.url, f.node_id, f.added_by, f.status, f.etag, f.last_modified, f.last_fetch, f.last_status,
                      f.last_error, f.failures, f.interval_seconds, f.next_fetch, f.items_published, f.hub, f.created,
                      f.websub_state, f.websub_until""";
    private static final String SEEN = "select entry_key, content_hash from feed_entries where feed_id = :id";
    private static final String REMEMBER = """
            insert into feed_entries (feed_id, entry_key, item_id, content_hash, published)
            values (:id, :key, :item, :hash, :now)
            on conflict (feed_id, entry_key) do update set content_hash = excluded.content_hash,
                item_id = excluded.item_id, published = excluded.published""";
    // The URL moves only when no other registration of the same node already uses the target (unique (url, node_id)).
    private static final String SETTLE = """
            update feeds set status = :status,
                url = case when exists (select 1 from feeds o where o.url = :url and o.node_id = feeds.node_id and o.id <> feeds.id)
                           then url else :url end,
                etag = coalesce(cast(:etag as text), etag), last_modified = coalesce(cast(:lastModified as text), last_modified),
                last_fetch = :fetched, last_status = cast(:httpStatus as integer), last_error = cast(:error as text),
                failures = :failures, interval_seconds = :interval, next_fetch = :next, claimed_until = null,
                items_published = items_published + :published, hub = cast(:hub as text)
            where id = :id""";

    private static final String WEBSUB = "select websub_topic, websub_secret, websub_state from feeds where id = :id";
    private static final String WEBSUB_START = """
            update feeds set websub_state = 'pending', websub_topic = :topic, websub_secret = :secret, websub_until = :until
            where id = :id""";
    private static final String WEBSUB_FAILED = """
            update feeds set websub_state = 'failed', websub_until = :until, last_error = :error where id = :id""";
    // §5.3: only the subscription Herald asked for (same topic, pending or being renewed) is confirmed.
    private static final String WEBSUB_VERIFIED = """
            update feeds set websub_state = 'active', websub_until = :until
            where id = :id and websub_topic = :topic and websub_state in ('pending', 'active')""";
    private static final String PUSHED = """
            update feeds set items_published = items_published + :published, last_error = coalesce(cast(:error as text), last_error)
            where id = :id""";

    private final Mutiny.SessionFactory sessions;

    FeedStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Registers a feed, due at once; empty when the node already has this URL. */
    public Uni<Optional<Feed>> insert(String url, String nodeId, String addedBy, long intervalSeconds, Instant now) {
        return sessions.withTransaction(s -> s.createNativeQuery(INSERT, Object[].class)
                .setParameter("url", url).setParameter("node", nodeId).setParameter("by", addedBy)
                .setParameter("interval", (int) intervalSeconds).setParameter("now", now)
                .getResultList()).map(rows -> rows.stream().findFirst().map(FeedStore::feed));
    }

    public Uni<Optional<Feed>> find(long id) {
        return sessions.withSession(s -> s.createNativeQuery(FIND, Object[].class).setParameter("id", id).getResultList())
                .map(rows -> rows.stream().findFirst().map(FeedStore::feed));
    }

    /** Every feed (addedBy null) or those one JID registered. */
    public Uni<List<Feed>> list(String addedBy) {
        return sessions.withSession(s -> (addedBy == null
                ? s.createNativeQuery(ALL, Object[].class)
                : s.createNativeQuery(BY, Object[].class).setParameter("by", addedBy))
                .getResultList()).map(rows -> rows.stream().map(FeedStore::feed).toList());
    }

    /** True when it existed. Its cursor goes with it. */
    public Uni<Boolean> delete(long id) {
        return sessions.withTransaction(s -> s.createNativeQuery(DELETE).setParameter("id", id).executeUpdate()).map(n -> n > 0);
    }

    /** Claims up to {@code limit} due feeds until {@code until} (see CLAIM). */
    public Uni<List<Feed>> claim(int limit, Instant now, Instant until) {
        return sessions.withTransaction(s -> s.createNativeQuery(CLAIM, Object[].class)
                .setParameter("now", now).setParameter("limit", limit).setParameter("until", until)
                .getResultList()).map(rows -> rows.stream().map(FeedStore::feed).toList());
    }

    /** The cursor of a feed: entry key → content hash of the version published. */
    public Uni<Map<String, String>> seen(long feedId) {
        return sessions.withSession(s -> s.createNativeQuery(SEEN, Object[].class).setParameter("id", feedId).getResultList())
                .map(rows -> {
                    Map<String, String> out = new HashMap<>();
                    for (Object[] r : rows) out.put((String) r[0], (String) r[1]);
                    return out;
                });
    }

    /** Moves the cursor past one published entry; called right after its publish succeeds. */
    public Uni<Void> remember(long feedId, String key, String itemId, String hash, Instant now) {
        return sessions.withTransaction(s -> s.createNativeQuery(REMEMBER).setParameter("id", feedId).setParameter("key", key)
                .setParameter("item", itemId).setParameter("hash", hash).setParameter("now", now).executeUpdate())
                .replaceWithVoid();
    }

    /** Records a pass's outcome and ends the claim. */
    public Uni<Void> settle(long feedId, FetchOutcome o) {
        return sessions.withTransaction(s -> s.createNativeQuery(SETTLE)
                .setParameter("id", feedId).setParameter("status", o.status().wire()).setParameter("url", o.url())
                .setParameter("etag", o.etag()).setParameter("lastModified", o.lastModified())
                .setParameter("fetched", o.fetchedAt()).setParameter("httpStatus", o.httpStatus())
                .setParameter("error", o.error()).setParameter("failures", o.failures())
                .setParameter("interval", (int) o.intervalSeconds()).setParameter("next", o.nextFetch())
                .setParameter("published", (long) o.published()).setParameter("hub", o.hub())
                .executeUpdate()).replaceWithVoid();
    }

    /** Herald's WebSub subscription for a feed, as the callback needs it (the secret never leaves this package). */
    record WebSubState(String topic, String secret, String state) {
        @Override
        public String toString() {
            return "WebSubState[topic=" + topic + ", state=" + state + "]";
        }
    }

    public Uni<Optional<WebSubState>> websub(long feedId) {
        return sessions.withSession(s -> s.createNativeQuery(WEBSUB, Object[].class).setParameter("id", feedId).getResultList())
                .map(rows -> rows.stream().findFirst().map(r -> new WebSubState((String) r[0], (String) r[1], (String) r[2])));
    }

    /** A subscription request is going out (§5.1); if the hub never verifies it, it is asked again after {@code until}. */
    public Uni<Void> websubRequested(long feedId, String topic, String secret, Instant until) {
        return sessions.withTransaction(s -> s.createNativeQuery(WEBSUB_START).setParameter("id", feedId)
                .setParameter("topic", topic).setParameter("secret", secret).setParameter("until", until).executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Void> websubFailed(long feedId, String error, Instant retryAt) {
        return sessions.withTransaction(s -> s.createNativeQuery(WEBSUB_FAILED).setParameter("id", feedId)
                .setParameter("error", error).setParameter("until", retryAt).executeUpdate()).replaceWithVoid();
    }

    /** The hub's verification of intent (§5.3) for our request; false when it is not one Herald made. */
    public Uni<Boolean> websubVerified(long feedId, String topic, Instant leaseEnd) {
        return sessions.withTransaction(s -> s.createNativeQuery(WEBSUB_VERIFIED).setParameter("id", feedId)
                .setParameter("topic", topic).setParameter("until", leaseEnd).executeUpdate()).map(n -> n > 0);
    }

    /** Counts entries published from pushed content (§7), and a refusal, if any. */
    public Uni<Void> pushed(long feedId, int published, String error) {
        return sessions.withTransaction(s -> s.createNativeQuery(PUSHED).setParameter("id", feedId)
                .setParameter("published", (long) published).setParameter("error", error).executeUpdate()).replaceWithVoid();
    }

    private static Feed feed(Object[] r) {
        return new Feed(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                FeedStatus.fromWire((String) r[4]), (String) r[5], (String) r[6], instant(r[7]),
                r[8] == null ? null : ((Number) r[8]).intValue(), (String) r[9], ((Number) r[10]).intValue(),
                ((Number) r[11]).longValue(), instant(r[12]), ((Number) r[13]).longValue(), (String) r[14], instant(r[15]),
                (String) r[16], instant(r[17]));
    }

    private static Instant instant(Object o) {
        if (o == null) return null;
        if (o instanceof Instant i) return i;
        if (o instanceof OffsetDateTime t) return t.toInstant();
        if (o instanceof java.sql.Timestamp t) return t.toInstant();
        throw new IllegalStateException("unexpected timestamp type " + o.getClass());
    }
}
