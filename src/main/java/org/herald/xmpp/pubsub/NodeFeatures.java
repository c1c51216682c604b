package org.herald.xmpp.pubsub;

import java.util.List;
import org.herald.domain.Node;

/**
 * Features that hold for one node (XEP-0030 disco#info with a 'node' attribute), contributed by the bean that
 * implements them, so a node never claims what no code serves. Shown only to requesters who may read the node.
 */
public interface NodeFeatures {
    List<String> nodeFeatures(Node node);
}
