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

    /**
     * How long a query or an update waits for Redis' position index (geo-query) before it gives up: a query then
     * answers from PostgreSQL, an update marks the node's copy for a rebuild.
     */
    @WithDefault("2S")
    Duration redisTimeout();

    /**
     * How long track points are kept (by receive time); a node's pubsub#item_expire shortens it for that node, so a
     * position never outlives the item that carried it.
     */
    @WithDefault("7D")
    Duration trackRetention();

    /** How often track points past their retention are deleted. */
    @WithDefault("1M")
    Duration trackPrune();

    /** The most track points one prune deletes in one transaction; a full batch is followed by another. */
    @WithDefault("5000")
    int trackPruneBatch();
}
