package org.herald.http.websub;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;
import org.herald.http.feed.FeedFormat;

/**
 * WebSub subscriptions and the durable delivery queue in PostgreSQL (V12). This is the hub's own state, not pubsub
 * data: what a node holds and who may read it is asked of PubSubService only.
 */
@ApplicationScoped
public class WebSubStore {
    private static final String COLUMNS = "id, topic, callback, node_id, secret, lease_seconds, expires";
    private static final String UPSERT = """
            insert into websub_subscriptions (topic, callback, node_id, format, secret, lease_seconds, expires, created, updated)
            values (:topic, :callback, :node, :format, :secret, :lease, :expires, :now, :now)
            on conflict (topic, callback) do update set secret = excluded.secret, lease_seconds = excluded.lease_seconds,
                expires = excluded.expires, updated = excluded.updated""";
    private static final String FIND = "select " + COLUMNS + " from websub_subscriptions where topic = :topic and callback = :callback";
    private static final String OF_NODE = "select " + COLUMNS + " from websub_subscriptions where node_id = :node order by id";
    private static final String DELETE = "delete from websub_subscriptions where topic = :topic and callback = :callback";
    private static final String DELETE_BY_ID = "delete from websub_subscriptions where id = :id";
    private static final String DELETE_EXPIRED = "delete from websub_subscriptions where expires <= :now";
    private static final String FORMATS = """
            select distinct format from websub_subscriptions where node_id = :node and expires > :now""";
    private static final String ENQUEUE = """
            insert into websub_deliveries (subscription_id, node_id, content_type, body, next_attempt, created)
            select id, node_id, :type, :body, :now, :now from websub_subscriptions
            where node_id = :node and format = :format and expires > :now""";
    // SKIP LOCKED lets several instances claim disjoint batches; moving next_attempt to the claim's end keeps the rows
    // from being claimed again while they are out, and brings them back if this instance dies meanwhile.
    private static final String CLAIM = """
            with due as (
                select id from websub_deliveries where next_attempt <= :now
                order by next_attempt, id limit :limit for update skip locked)
            update websub_deliveries d set attempts = d.attempts + 1, next_attempt = :until
            from due, websub_subscriptions s
            where d.id = due.id and s.id = d.subscription_id
            returning d.id, d.node_id, d.content_type, d.body, d.attempts, d.created,
                      s.id, s.topic, s.callback, s.secret, s.expires""";
    private static final String DONE = "delete from websub_deliveries where id = :id";
    private static final String RETRY = "update websub_deliveries set next_attempt = :at where id = :id";
    // A node followed by no live subscription starts from its newest item, so a new subscriber is not sent the node's
    // history; one that has live followers (a renewal, another callback) keeps its cursor, so nothing owed is skipped.
    private static final String CURSOR_START = """
            insert into websub_cursors (node_id, seq)
            values (:node, coalesce((select max(seq) from items where node_id = :node), 0))
            on conflict (node_id) do update set seq = excluded.seq
            where not exists (select 1 from websub_subscriptions s where s.node_id = :node and s.expires > :now)""";
    private static final String CURSOR = "select seq from websub_cursors where node_id = :node";
    private static final String CURSOR_ADVANCE = "update websub_cursors set seq = :to where node_id = :node and seq = :from";
    // Followed nodes holding an item above their cursor: the one read of pubsub data here (items' seq, by index),
    // so a periodic sweep costs one query when nothing was missed.
    private static final String BEHIND = """
            select c.node_id from websub_cursors c
            where exists (select 1 from websub_subscriptions s where s.node_id = c.node_id and s.expires > :now)
              and exists (select 1 from items i where i.node_id = c.node_id and i.seq > c.seq)
            order by c.node_id limit :limit""";
    private static final String PENDING = "select count(*) from websub_deliveries where subscription_id = :id";
    private static final String PENDING_TOTAL = "select count(*) from websub_deliveries";

    /** A subscription as stored. */
    public record Stored(long id, String topic, String callback, String nodeId, String secret, int leaseSeconds,
                         Instant expires) {
        @Override
        public String toString() {
            return "Stored[id=" + id + ", topic=" + topic + ", callback=" + CallbackUrls.origin(callback) + ", expires=" + expires + "]";
        }
    }

    /** A claimed delivery with what posting it needs. */
    public record Claimed(long id, String nodeId, String contentType, String body, int attempts, Instant created,
                          long subscriptionId, String topic, String callback, String secret, Instant expires) {
        @Override
        public String toString() {
            return "Claimed[id=" + id + ", topic=" + topic + ", callback=" + CallbackUrls.origin(callback) + "]";
        }
    }

    private final Mutiny.SessionFactory sessions;

    WebSubStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** §5.1.2: a verified subscribe request overrides the state of its (topic, callback) pair; the lease starts anew. */
    public Uni<Void> upsert(Topic topic, String callback, String secret, long leaseSeconds, Instant now) {
        return sessions.withTransaction(s -> s.createNativeQuery(CURSOR_START)
                .setParameter("node", topic.nodeId()).setParameter("now", now)
                .executeUpdate().chain(() -> s.createNativeQuery(UPSERT)
                .setParameter("topic", topic.url())
                .setParameter("callback", callback)
                .setParameter("node", topic.nodeId())
                .setParameter("format", topic.format().extension())
                .setParameter("secret", secret)
                .setParameter("lease", (int) leaseSeconds)
                .setParameter("expires", now.plusSeconds(leaseSeconds))
                .setParameter("now", now)
                .executeUpdate())).replaceWithVoid();
    }

    public Uni<Optional<Stored>> find(String topic, String callback) {
        return sessions.withSession(s -> s.createNativeQuery(FIND, Object[].class)
                .setParameter("topic", topic).setParameter("callback", callback)
                .getResultList()).map(rows -> rows.stream().findFirst().map(WebSubStore::stored));
    }

    public Uni<List<Stored>> ofNode(String nodeId) {
        return sessions.withSession(s -> s.createNativeQuery(OF_NODE, Object[].class)
                .setParameter("node", nodeId).getResultList()).map(rows -> rows.stream().map(WebSubStore::stored).toList());
    }

    /** True when the pair had a subscription. Its queued deliveries go with it. */
    public Uni<Boolean> delete(String topic, String callback) {
        return sessions.withTransaction(s -> s.createNativeQuery(DELETE)
                .setParameter("topic", topic).setParameter("callback", callback).executeUpdate()).map(n -> n > 0);
    }

    public Uni<Boolean> delete(long subscriptionId) {
        return sessions.withTransaction(s -> s.createNativeQuery(DELETE_BY_ID)
                .setParameter("id", subscriptionId).executeUpdate()).map(n -> n > 0);
    }

    /** Deletes subscriptions whose lease ended; returns how many. */
    public Uni<Integer> deleteExpired(Instant now) {
        return sessions.withTransaction(s -> s.createNativeQuery(DELETE_EXPIRED).setParameter("now", now).executeUpdate());
    }

    /** The formats the node's live subscriptions want; empty when the node has no WebSub subscriber. */
    /*
     * formats runs on every publish, pending/pendingTotal on the metrics tick: their native queries are untyped so
     * Hibernate reuses the plan (a result class keys the plan cache on a builder without equals: every call missed;
     * see ItemStatements, "put, trim and delete"), and the one-column result is converted here.
     */
    public Uni<List<FeedFormat>> formats(String nodeId, Instant now) {
        return sessions.withSession(s -> s.createNativeQuery(FORMATS)
                .setParameter("node", nodeId).setParameter("now", now).getResultList())
                .map(rows -> rows.stream()
                        .map(f -> FeedFormat.valueOf(((String) f).toUpperCase(java.util.Locale.ROOT))).toList());
    }

    /** The node's cursor: the highest item seq whose deliveries are queued; empty when nobody ever followed the node. */
    public Uni<Optional<Long>> cursor(String nodeId) {
        return sessions.withSession(s -> s.createNativeQuery(CURSOR, Long.class).setParameter("node", nodeId)
                .getResultList()).map(rows -> rows.stream().findFirst());
    }

    /**
     * Queues one delivery per live subscription of the node in each format's body, and moves the node's cursor from
     * {@code from} to {@code to}, in one transaction. Answers how many deliveries were queued, or -1 (and queues
     * nothing) when the cursor is no longer at {@code from}: another run queued those items meanwhile.
     */
    public Uni<Integer> enqueue(String nodeId, long from, long to, Map<FeedFormat, String> bodies, Instant now) {
        return sessions.withTransaction(s -> s.createNativeQuery(CURSOR_ADVANCE)
                .setParameter("node", nodeId).setParameter("from", from).setParameter("to", to).executeUpdate()
                .chain(moved -> moved == 0 ? Uni.createFrom().item(-1) : enqueue(s, nodeId, bodies, now)));
    }

    /** Queues without a cursor: items of a node that keeps none (seq 0) exist only in the publish's event. */
    public Uni<Integer> enqueue(String nodeId, Map<FeedFormat, String> bodies, Instant now) {
        return sessions.withTransaction(s -> enqueue(s, nodeId, bodies, now));
    }

    private static Uni<Integer> enqueue(Mutiny.Session s, String nodeId, Map<FeedFormat, String> bodies, Instant now) {
        Uni<Integer> chain = Uni.createFrom().item(0);
        for (Map.Entry<FeedFormat, String> b : bodies.entrySet()) {
            chain = chain.chain(n -> s.createNativeQuery(ENQUEUE)
                    .setParameter("node", nodeId).setParameter("format", b.getKey().extension())
                    .setParameter("type", b.getKey().mediaType()).setParameter("body", b.getValue())
                    .setParameter("now", now).executeUpdate().map(m -> n + m));
        }
        return chain;
    }

    /** Up to {@code limit} followed nodes with items above their cursor (what the catch-up sweep works on). */
    public Uni<List<String>> behind(Instant now, int limit) {
        return sessions.withSession(s -> s.createNativeQuery(BEHIND, String.class)
                .setParameter("now", now).setParameter("limit", limit).getResultList());
    }

    /** Claims up to {@code limit} due deliveries until {@code until} (see CLAIM). */
    public Uni<List<Claimed>> claim(int limit, Instant now, Instant until) {
        return sessions.withTransaction(s -> s.createNativeQuery(CLAIM, Object[].class)
                .setParameter("now", now).setParameter("limit", limit).setParameter("until", until)
                .getResultList()).map(rows -> rows.stream().map(WebSubStore::claimed).toList());
    }

    /** Records the outcomes of one batch in one transaction. */
    public Uni<Void> settle(List<Long> finished, List<RetryAt> retries, List<Long> goneSubscriptions) {
        return sessions.withTransaction(s -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (long id : finished) {
                chain = chain.chain(() -> s.createNativeQuery(DONE).setParameter("id", id).executeUpdate()).replaceWithVoid();
            }
            for (RetryAt r : retries) {
                chain = chain.chain(() -> s.createNativeQuery(RETRY).setParameter("id", r.id()).setParameter("at", r.at())
                        .executeUpdate()).replaceWithVoid();
            }
            for (long sub : goneSubscriptions) {
                chain = chain.chain(() -> s.createNativeQuery(DELETE_BY_ID).setParameter("id", sub).executeUpdate())
                        .replaceWithVoid();
            }
            return chain;
        });
    }

    /** A delivery to try again at {@code at}. */
    public record RetryAt(long id, Instant at) {
    }

    /** Deliveries still queued for a subscription (operators' and tests' view of the queue). */
    public Uni<Long> pending(long subscriptionId) {
        return sessions.withSession(s -> s.createNativeQuery(PENDING).setParameter("id", subscriptionId)
                .getSingleResult()).map(WebSubStore::count);
    }

    /** Deliveries queued for anyone (the queue-depth metric). */
    public Uni<Long> pendingTotal() {
        return sessions.withSession(s -> s.createNativeQuery(PENDING_TOTAL).getSingleResult()).map(WebSubStore::count);
    }

    /** A count(*) from an untyped native query (a bigint, so a Long; Number in case the driver widens it). */
    private static long count(Object n) {
        return ((Number) n).longValue();
    }

    private static Stored stored(Object[] r) {
        return new Stored(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                ((Number) r[5]).intValue(), instant(r[6]));
    }

    private static Claimed claimed(Object[] r) {
        return new Claimed(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                ((Number) r[4]).intValue(), instant(r[5]), ((Number) r[6]).longValue(), (String) r[7], (String) r[8],
                (String) r[9], instant(r[10]));
    }

    private static Instant instant(Object o) {
        if (o instanceof Instant i) return i;
        if (o instanceof OffsetDateTime t) return t.toInstant();
        if (o instanceof java.sql.Timestamp t) return t.toInstant();
        throw new IllegalStateException("unexpected timestamp type " + (o == null ? "null" : o.getClass()));
    }
}
