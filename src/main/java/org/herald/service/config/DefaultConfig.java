package org.herald.service.config;

import java.util.List;
import org.herald.domain.AccessModel;
import org.herald.domain.NodeConfig;
import org.herald.domain.NodeType;
import org.herald.domain.NotificationType;
import org.herald.domain.PublishModel;
import org.herald.domain.SendLastPublishedItem;

/** Herald's built-in default configuration for a new leaf node (§8.3); operators override it field by field. */
public final class DefaultConfig {
    private DefaultConfig() {
    }

    public static NodeConfig leaf(ServiceLimits limits) {
        return new NodeConfig(
                NodeType.LEAF,
                null,
                null,
                AccessModel.OPEN,              // §4.5: open SHOULD be the default of a generic service
                PublishModel.PUBLISHERS,
                Math.min(10, limits.maxItems()),
                true,
                true,
                true,
                false,
                true,
                true,
                false,
                false,
                true,
                Math.min(65_536, limits.maxPayloadSize()),
                SendLastPublishedItem.NEVER,
                // §13.7: headline keeps servers from storing notifications offline for absent subscribers.
                NotificationType.HEADLINE,
                null,
                List.of(),
                List.of(),
                null);
    }
}
