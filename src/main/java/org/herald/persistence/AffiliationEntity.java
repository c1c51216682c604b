package org.herald.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/**
 * A row of {@code affiliations}: a bare JID's affiliation (wire name) with a node. Only read through
 * projections and written through statements (see {@link AffiliationStatements}), never held as managed state.
 */
@Entity
@Table(name = "affiliations")
@IdClass(AffiliationEntity.Key.class)
class AffiliationEntity {
    @Id
    @Column(name = "node_id")
    String nodeId;
    @Id
    String jid;
    String affiliation;

    record Key(String nodeId, String jid) implements Serializable {
    }
}
