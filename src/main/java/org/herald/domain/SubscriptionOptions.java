package org.herald.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.herald.domain.geo.GeoArea;

/**
 * The options of one subscription: the pubsub#subscribe_options form (XEP-0060 §6.3, §17.4.5).
 *
 * @param deliver whether notifications are sent at all (pubsub#deliver)
 * @param digest whether notifications are batched into one message per {@code digestFrequencyMillis}
 * @param digestFrequencyMillis the digest period (pubsub#digest_frequency, milliseconds)
 * @param expire when the subscription lease ends (pubsub#expire), or null for never
 * @param includeBody whether notifications carry a message body (pubsub#include_body)
 * @param showValues presence show values (away, chat, dnd, online, xa) for which notifications are sent
 *                   (pubsub#show-values); empty means whatever the presence
 * @param subscriptionType items or nodes (pubsub#subscription_type; matters for collections)
 * @param subscriptionDepth how deep below a collection notifications come from: 1, or {@link #DEPTH_ALL}
 * @param temporary whether the subscription ends with the subscriber's presence session (§13.5: pubsub#expire =
 *                  "presence"); it may have a lease end ({@code expire}) as well
 * @param area a content filter (§13 "Content-Based Pubsub Systems"; Herald's herald#geo_area option): only geoloc
 *             items whose vehicle is inside, enters or leaves the area are delivered; null for every item
 */
public record SubscriptionOptions(
        boolean deliver,
        boolean digest,
        long digestFrequencyMillis,
        Instant expire,
        boolean includeBody,
        Set<String> showValues,
        SubscriptionType subscriptionType,
        int subscriptionDepth,
        boolean temporary,
        GeoArea area) {

    /** pubsub#subscription_depth = "all". */
    public static final int DEPTH_ALL = Integer.MAX_VALUE;

    /** The presence show values a subscriber may name (RFC 6121 §4.7.2.1, with "online" for no show). */
    public static final Set<String> SHOW_VALUES = Set.of("away", "chat", "dnd", "online", "xa");

    /** A day, the period most clients offer first. */
    public static final long DEFAULT_DIGEST_FREQUENCY_MILLIS = 86_400_000L;

    /** What a subscription gets when the subscriber configures nothing (§6.4). */
    public static final SubscriptionOptions DEFAULT = new SubscriptionOptions(true, false,
            DEFAULT_DIGEST_FREQUENCY_MILLIS, null, false, Set.of(), SubscriptionType.ITEMS, 1);

    /** Options without an area filter. */
    public SubscriptionOptions(boolean deliver, boolean digest, long digestFrequencyMillis, Instant expire,
                               boolean includeBody, Set<String> showValues, SubscriptionType subscriptionType,
                               int subscriptionDepth, boolean temporary) {
        this(deliver, digest, digestFrequencyMillis, expire, includeBody, showValues, subscriptionType,
                subscriptionDepth, temporary, null);
    }

    /** Options of a subscription that is not temporary. */
    public SubscriptionOptions(boolean deliver, boolean digest, long digestFrequencyMillis, Instant expire,
                               boolean includeBody, Set<String> showValues, SubscriptionType subscriptionType,
                               int subscriptionDepth) {
        this(deliver, digest, digestFrequencyMillis, expire, includeBody, showValues, subscriptionType,
                subscriptionDepth, false);
    }

    public SubscriptionOptions {
        Objects.requireNonNull(subscriptionType);
        showValues = Set.copyOf(showValues);
        if (digestFrequencyMillis <= 0) throw new IllegalArgumentException("digest frequency must be positive");
        if (subscriptionDepth < 1) throw new IllegalArgumentException("subscription depth must be 1 or more");
    }

    /** Whether the lease has ended at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expire != null && !now.isBefore(expire);
    }

    /** The same options with another area filter (null for none). */
    public SubscriptionOptions withArea(GeoArea newArea) {
        return new SubscriptionOptions(deliver, digest, digestFrequencyMillis, expire, includeBody, showValues,
                subscriptionType, subscriptionDepth, temporary, newArea);
    }
}
