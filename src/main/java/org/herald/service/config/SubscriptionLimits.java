package org.herald.service.config;

import java.time.Duration;

/**
 * Service-wide bounds on subscription options (§6.3, §13.19), set by the operator.
 *
 * @param minDigestFrequencyMillis the shortest pubsub#digest_frequency accepted: digests more often than this would
 *                                 be plain notifications with extra work
 * @param maxDigestFrequencyMillis the longest pubsub#digest_frequency accepted
 * @param maxLease the longest lease (pubsub#expire) a subscription may have, or null for subscriptions without end.
 *                 When set, every subscription has a lease: §13.19 lets the service cut a longer one to now + maxLease
 * @param maxSubscriptionsPerJid how many subscriptions one JID may hold to one node (§6.1.6 multi-subscribe)
 */
public record SubscriptionLimits(long minDigestFrequencyMillis, long maxDigestFrequencyMillis, Duration maxLease,
                                 int maxSubscriptionsPerJid) {

    /** A minute between digests at least, a month at most, no lease, ten subscriptions per JID and node. */
    public static final SubscriptionLimits DEFAULT = new SubscriptionLimits(60_000L, 31L * 86_400_000L, null, 10);

    public SubscriptionLimits {
        if (minDigestFrequencyMillis < 1) throw new IllegalArgumentException("minimum digest frequency must be positive");
        if (maxDigestFrequencyMillis < minDigestFrequencyMillis) {
            throw new IllegalArgumentException("maximum digest frequency must not be below the minimum");
        }
        if (maxLease != null && (maxLease.isNegative() || maxLease.isZero())) {
            throw new IllegalArgumentException("maximum lease must be positive");
        }
        if (maxSubscriptionsPerJid < 1) throw new IllegalArgumentException("a JID must be allowed one subscription");
    }
}
