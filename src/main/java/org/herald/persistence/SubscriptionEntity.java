package org.herald.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/**
 * A row of {@code subscriptions}; {@code bareJid} is the bare form of {@code jid}, kept for lookups. Options are
 * columns of their own (V4).
 */
@Entity
@Table(name = "subscriptions")
@IdClass(SubscriptionEntity.Key.class)
class SubscriptionEntity {
    @Id
    @Column(name = "node_id")
    String nodeId;
    @Id
    @Column(name = "sub_id")
    String subId;
    String jid;
    @Column(name = "bare_jid")
    String bareJid;
    String state;
    Instant created;
    // the options (V4), one column each
    boolean deliver;
    boolean digest;
    @Column(name = "digest_frequency_ms")
    long digestFrequencyMs;
    Instant expire;
    @Column(name = "include_body")
    boolean includeBody;
    @Column(name = "show_values")
    String[] showValues;
    @Column(name = "subscription_type")
    String subscriptionType;
    @Column(name = "subscription_depth")
    int subscriptionDepth;
    // pubsub#expire = presence (V7, XEP-0060 §13.5)
    boolean temporary;
    // herald#geo_area (V14): the area filter's GeoArea text; null for none
    @Column(name = "geo_area")
    String geoArea;
    // digest cursor, written only by statements (SubscriptionStatements)
    @Column(name = "digest_seq")
    long digestSeq;
    @Column(name = "digest_due")
    Instant digestDue;

    record Key(String nodeId, String subId) implements Serializable {
    }
}
