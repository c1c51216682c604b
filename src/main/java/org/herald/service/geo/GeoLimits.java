package org.herald.service.geo;

import java.time.Duration;
import java.util.Objects;

/**
 * Service-wide geolocation policy, set by the operator (herald.geo.*).
 *
 * @param maxFutureSkew how far in the future a fix's timestamp may lie before it is flagged (a device clock problem)
 * @param maxSpeed metres per second no tracked thing reaches: a step implying more is a jump (GPS outlier)
 * @param trackRetention how long track points are kept (a node's pubsub#item_expire shortens it for its own)
 */
public record GeoLimits(Duration maxFutureSkew, double maxSpeed, Duration trackRetention) {
    public static final GeoLimits DEFAULT = new GeoLimits(Duration.ofMinutes(5), 150, Duration.ofDays(7));

    public GeoLimits {
        Objects.requireNonNull(maxFutureSkew);
        Objects.requireNonNull(trackRetention);
        if (trackRetention.isNegative() || trackRetention.isZero()) throw new IllegalArgumentException("trackRetention must be positive");
        if (maxFutureSkew.isNegative()) throw new IllegalArgumentException("maxFutureSkew must not be negative");
        if (!(maxSpeed > 0)) throw new IllegalArgumentException("maxSpeed must be positive metres per second");
    }
}
