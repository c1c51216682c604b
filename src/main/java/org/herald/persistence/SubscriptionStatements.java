package org.herald.persistence;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;
import org.herald.domain.Jid;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionOptions;
import org.herald.domain.SubscriptionState;
import org.herald.domain.SubscriptionType;
import org.herald.domain.geo.GeoArea;
import org.herald.service.port.DueDigest;

/**
 * The subscription half of a {@link HibernateStoreTx}: projections for reads, statements for writes (no managed
 * entities). Lookups by account go through {@code bare_jid}, so one query finds full and bare subscriptions alike.
 * Show values travel to PostgreSQL as one comma-separated text turned into the array by SQL (none has a comma).
 */
final class SubscriptionStatements {

    private static final String COLUMNS = """
            select s.nodeId, s.jid, s.subId, s.state, s.created, s.deliver, s.digest, s.digestFrequencyMs, s.expire,
                s.includeBody, s.showValues, s.subscriptionType, s.subscriptionDepth, s.temporary, s.geoArea from SubscriptionEntity s\s""";
    // creation order, with the SubID to break ties, so listings are stable
    private static final String ORDER = " order by s.nodeId, s.created, s.subId";
    private static final String OF_NODE = COLUMNS + "where s.nodeId = :node" + ORDER;
    private static final String OF_JID = COLUMNS + "where s.bareJid = :bare" + ORDER;
    private static final String OF_JID_AT_NODE = COLUMNS + "where s.bareJid = :bare and s.nodeId = :node" + ORDER;
    private static final String BY_SUB_IDS = COLUMNS + "where s.subId in (:subIds)" + ORDER;
    // Native SQL: Hibernate Reactive cannot translate an HQL insert into an entity with a composite id.
    // A digest subscription's cursor starts at the node's newest item: its first digest holds what comes next.
    private static final String INSERT = """
            insert into subscriptions (node_id, sub_id, jid, bare_jid, state, created, deliver, digest,
                digest_frequency_ms, expire, include_body, show_values, subscription_type, subscription_depth,
                temporary, geo_area, digest_seq, digest_due)
            values (:node, :subId, :jid, :bare, :state, :created, :deliver, :digest, :frequency,
                cast(:expire as timestamptz), :includeBody, string_to_array(cast(:show as text), ','), :type, :depth,
                :temporary, cast(:area as text), coalesce((select max(i.seq) from items i where i.node_id = :node), 0), cast(:due as timestamptz))""";
    // Turning the digest on starts the cursor at the newest item; a new period applies from now at the latest.
    private static final String UPDATE_OPTIONS = """
            update subscriptions set deliver = :deliver, digest = :digest, digest_frequency_ms = :frequency,
                expire = cast(:expire as timestamptz), include_body = :includeBody,
                show_values = string_to_array(cast(:show as text), ','), subscription_type = :type,
                subscription_depth = :depth, temporary = :temporary, geo_area = cast(:area as text),
                digest_seq = case when :digest and not digest
                    then coalesce((select max(i.seq) from items i where i.node_id = subscriptions.node_id), 0)
                    else digest_seq end,
                digest_due = case when not :digest then null
                    when not digest then cast(:due as timestamptz)
                    else least(digest_due, cast(:due as timestamptz)) end
            where node_id = :node and sub_id = :subId""";
    // SKIP LOCKED: several Herald instances share the due rows out instead of waiting on each other or doubling up.
    private static final String CLAIM_DIGESTS = """
            select node_id, sub_id, digest_seq from subscriptions where digest and digest_due <= :now
            order by digest_due limit :limit for update skip locked""";
    private static final String ADVANCE_DIGEST = """
            update subscriptions set digest_seq = :seq, digest_due = :due where node_id = :node and sub_id = :subId""";
    private static final String CLAIM_EXPIRED = """
            select node_id, sub_id from subscriptions where expire <= :now
            order by expire limit :limit for update skip locked""";
    private static final String DELETE = "delete from SubscriptionEntity s where s.nodeId = :node and s.subId = :subId";
    private static final String SET_STATE = "update subscriptions set state = :state where node_id = :node and sub_id = :subId";

    private final Mutiny.Session session;

    SubscriptionStatements(Mutiny.Session session) {
        this.session = session;
    }

    Uni<List<Subscription>> ofNode(String nodeId) {
        return list(session.createSelectionQuery(OF_NODE, Object[].class).setParameter("node", nodeId));
    }

    Uni<List<Subscription>> ofJid(Jid jid, String nodeId) {
        Mutiny.SelectionQuery<Object[]> q = nodeId == null
                ? session.createSelectionQuery(OF_JID, Object[].class)
                : session.createSelectionQuery(OF_JID_AT_NODE, Object[].class).setParameter("node", nodeId);
        return list(q.setParameter("bare", jid.bare().toString()));
    }

    Uni<Void> insert(Subscription s) {
        SubscriptionOptions o = s.options();
        Instant due = o.digest() ? s.created().plusMillis(o.digestFrequencyMillis()) : null;
        return options(session.createNativeQuery(INSERT), o, due)
                .setParameter("node", s.node())
                .setParameter("subId", s.subId())
                .setParameter("jid", s.jid().toString())
                .setParameter("bare", s.jid().bare().toString())
                .setParameter("state", s.state().wire())
                .setParameter("created", s.created())
                .executeUpdate()
                .replaceWithVoid();
    }

    Uni<Void> updateOptions(String nodeId, String subId, SubscriptionOptions o, Instant now) {
        return options(session.createNativeQuery(UPDATE_OPTIONS), o, now.plusMillis(o.digestFrequencyMillis()))
                .setParameter("node", nodeId)
                .setParameter("subId", subId)
                .executeUpdate()
                .replaceWithVoid();
    }

    Uni<List<DueDigest>> claimDueDigests(Instant now, int limit) {
        return session.createNativeQuery(CLAIM_DIGESTS, Object[].class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList()
                .chain(rows -> {
                    if (rows.isEmpty()) return Uni.createFrom().item(List.<DueDigest>of());
                    return byKeys(rows).map(subs -> {
                        List<DueDigest> out = new ArrayList<>();
                        for (Object[] r : rows) {
                            find(subs, (String) r[0], (String) r[1])
                                    .ifPresent(s -> out.add(new DueDigest(s, ((Number) r[2]).longValue())));
                        }
                        return out;
                    });
                });
    }

    Uni<Void> advanceDigest(String nodeId, String subId, long seq, Instant nextDue) {
        return session.createNativeQuery(ADVANCE_DIGEST)
                .setParameter("seq", seq)
                .setParameter("due", nextDue)
                .setParameter("node", nodeId)
                .setParameter("subId", subId)
                .executeUpdate()
                .replaceWithVoid();
    }

    /** Claims the ended leases (locked, skipping rows others hold), reads them, then deletes them one by one. */
    Uni<List<Subscription>> deleteExpired(Instant now, int limit) {
        return session.createNativeQuery(CLAIM_EXPIRED, Object[].class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList()
                .chain(rows -> {
                    if (rows.isEmpty()) return Uni.createFrom().item(List.<Subscription>of());
                    return byKeys(rows).chain(subs -> {
                        List<Subscription> claimed = new ArrayList<>();
                        for (Object[] r : rows) find(subs, (String) r[0], (String) r[1]).ifPresent(claimed::add);
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (Subscription s : claimed) chain = chain.chain(() -> delete(s.node(), s.subId()));
                        return chain.replaceWith(claimed);
                    });
                });
    }

    Uni<Void> delete(String nodeId, String subId) {
        return session.createMutationQuery(DELETE)
                .setParameter("node", nodeId)
                .setParameter("subId", subId)
                .executeUpdate()
                .replaceWithVoid();
    }

    /** The subscriptions of the (node_id, sub_id) rows, read in one query by SubID and matched by node after. */
    private Uni<List<Subscription>> byKeys(List<Object[]> rows) {
        List<String> subIds = rows.stream().map(r -> (String) r[1]).distinct().toList();
        return list(session.createSelectionQuery(BY_SUB_IDS, Object[].class).setParameter("subIds", subIds));
    }

    private static Optional<Subscription> find(List<Subscription> subs, String nodeId, String subId) {
        return subs.stream().filter(s -> s.node().equals(nodeId) && s.subId().equals(subId)).findFirst();
    }

    private static Mutiny.Query<?> options(Mutiny.Query<?> q, SubscriptionOptions o, Instant due) {
        return q.setParameter("deliver", o.deliver())
                .setParameter("digest", o.digest())
                .setParameter("frequency", o.digestFrequencyMillis())
                .setParameter("expire", o.expire())
                .setParameter("includeBody", o.includeBody())
                .setParameter("show", String.join(",", o.showValues().stream().sorted().toList()))
                .setParameter("type", o.subscriptionType().wire())
                .setParameter("depth", o.subscriptionDepth())
                .setParameter("temporary", o.temporary())
                .setParameter("area", o.area() == null ? null : o.area().wire())
                .setParameter("due", due);
    }

    Uni<Void> setState(String nodeId, String subId, SubscriptionState state) {
        return session.createNativeQuery(SET_STATE)
                .setParameter("state", state.wire())
                .setParameter("node", nodeId)
                .setParameter("subId", subId)
                .executeUpdate()
                .replaceWithVoid();
    }

    private static Uni<List<Subscription>> list(Mutiny.SelectionQuery<Object[]> q) {
        return q.getResultList().map(rows -> rows.stream().map(SubscriptionStatements::toDomain).toList());
    }

    private static Subscription toDomain(Object[] r) {
        String[] show = (String[]) r[10];
        SubscriptionOptions options = new SubscriptionOptions((Boolean) r[5], (Boolean) r[6], (Long) r[7], (Instant) r[8],
                (Boolean) r[9], show == null ? Set.of() : Set.of(show),
                WireNames.decode(SubscriptionType.class, (String) r[11]), (Integer) r[12], (Boolean) r[13],
                // written from GeoArea.wire, so it parses; a failure here is a corrupt row, told loudly
                r[14] == null ? null : GeoArea.parse((String) r[14]));
        return new Subscription((String) r[0], Jid.parse((String) r[1]), (String) r[2],
                WireNames.decode(SubscriptionState.class, (String) r[3]), (Instant) r[4], options);
    }
}
