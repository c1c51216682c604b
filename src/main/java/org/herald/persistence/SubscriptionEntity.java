package org.herald.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A row of {@code subscriptions}; {@code bareJid} is the bare form of {@code jid}, kept for lookups. */
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

    record Key(String nodeId, String subId) implements Serializable {
    }
}
