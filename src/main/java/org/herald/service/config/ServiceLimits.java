package org.herald.service.config;

/**
 * Service-wide ceilings a node's configuration may not exceed.
 *
 * @param maxItems the most items any node keeps; what pubsub#max_items = "max" means
 * @param maxPayloadSize the largest payload any node accepts, in bytes
 */
public record ServiceLimits(long maxItems, int maxPayloadSize) {
    public ServiceLimits {
        if (maxItems < 1) throw new IllegalArgumentException("maxItems must be at least 1");
        if (maxPayloadSize < 1) throw new IllegalArgumentException("maxPayloadSize must be at least 1");
    }
}
