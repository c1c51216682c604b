package org.herald.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Service-wide geolocation policy ({@code herald.geo.*}; issue #7, docs/geo-publish.md). */
@ConfigMapping(prefix = "herald.geo")
public interface GeoConfig {

    /** How far in the future a fix's XEP-0080 timestamp may lie before it is flagged and ordered by receive time. */
    @WithDefault("5M")
    Duration maxFutureSkew();

    /** Metres per second no tracked thing reaches: a step implying more is flagged as a jump (GPS outlier). */
    @WithDefault("150")
    double maxSpeed();

    /** How often vehicles silent for their node's herald#stale_after are looked for and told as stale. */
    @WithDefault("5S")
    Duration staleSweep();

    /** The most index entries one stale sweep marks in one transaction; a full batch is followed by another. */
    @WithDefault("500")
    int staleSweepBatch();
}
