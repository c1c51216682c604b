package org.herald.service.event;

import java.util.List;
import org.herald.domain.Affiliation;
import org.herald.domain.Jid;
import org.herald.domain.Node;

/** An owner changed an entity's affiliation (§8.9.4 [owner-affiliations-notify]); the entity is told. */
public record AffiliationChanged(Node node, Jid jid, Affiliation affiliation, List<Delivery> recipients)
        implements PubSubEvent {
}
