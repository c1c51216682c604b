package org.herald.service.event;

import java.util.List;
import org.herald.domain.Node;

/**
 * A node was associated with or dissociated from a collection (XEP-0248 §notify-associate-dissociate).
 * {@link #node()} is the collection; {@code child} the node that joined or left it.
 */
public record CollectionChanged(Node node, String child, boolean associated, List<Delivery> recipients)
        implements PubSubEvent {
}
