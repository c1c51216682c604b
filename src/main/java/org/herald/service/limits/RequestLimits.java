package org.herald.service.limits;

/**
 * The operator's limits on what one requester may do (issue #9), next to the per-node ceilings of
 * {@code ServiceLimits}. Service admins (and the component itself, which publishes ingested feed entries) are exempt
 * from both: they act for the service.
 *
 * @param rates per-requester rates of publish, subscribe and create
 * @param maxNodesPerOwner the most nodes one bare JID may own by creating them; 0 means no limit
 */
public record RequestLimits(RateLimits rates, int maxNodesPerOwner) {
    public static final RequestLimits NONE = new RequestLimits(RateLimits.NONE, 0);

    public RequestLimits {
        java.util.Objects.requireNonNull(rates, "rates");
        if (maxNodesPerOwner < 0) throw new IllegalArgumentException("maxNodesPerOwner must be >= 0");
    }
}
