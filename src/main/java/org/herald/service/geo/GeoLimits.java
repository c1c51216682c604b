package org.herald.service.geo;

import java.time.Duration;
import java.util.Objects;

/**
 * Service-wide geolocation policy, set by the operator (herald.geo.*).
 *
 * @param maxFutureSkew how far in the future a fix's timestamp may lie before it is flagged (a device clock problem)
 * @param maxSpeed metres per second no tracked thing reaches: a step implying more is a jump (GPS outlier)
 */
public record GeoLimits(Duration maxFutureSkew, double maxSpeed) {
    public static final GeoLimits DEFAULT = new GeoLimits(Duration.ofMinutes(5), 150);

    public GeoLimits {
        Objects.requireNonNull(maxFutureSkew);
        if (maxFutureSkew.isNegative()) throw new IllegalArgumentException("maxFutureSkew must not be negative");
        if (!(maxSpeed > 0)) throw new IllegalArgumentException("maxSpeed must be positive metres per second");
    }
}
