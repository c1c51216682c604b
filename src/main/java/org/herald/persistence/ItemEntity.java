package org.herald.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/**
 * A row of {@code items}. {@code seq} comes from the sequence {@code item_seq} on every put, so ordering by it
 * is publication order with re-publishes counting as new. Written only by {@link ItemStatements}' SQL.
 */
@Entity
@Table(name = "items")
@IdClass(ItemEntity.Key.class)
class ItemEntity {
    @Id
    @Column(name = "node_id")
    String nodeId;
    @Id
    @Column(name = "item_id")
    String itemId;
    String payload;
    String publisher;
    Instant published;
    long seq;

    record Key(String nodeId, String itemId) implements Serializable {
    }
}
