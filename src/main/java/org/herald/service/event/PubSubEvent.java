package org.herald.service.event;

import java.util.List;
import org.herald.domain.Node;

/**
 * What happened to a node, emitted only after the change committed. The core has already decided who is to be
 * told ({@link #recipients()}); adapters only render and deliver.
 */
public sealed interface PubSubEvent permits ItemsPublished, ItemsRetracted, NodePurged, NodeDeleted, NodeConfigured,
        CollectionChanged, LeaseExpired, SubscriptionChanged, AffiliationChanged, AuthorizationRequested,
        LastPublishedItem, PositionsStale {
    /** The node as it was right after the change (for a deletion: right before). */
    Node node();

    List<Delivery> recipients();
}
