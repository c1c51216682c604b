package org.herald.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Feed ingestion (issue 5; docs/feed-ingestion.md): how often feeds are polled and how politely. */
@ConfigMapping(prefix = "herald.ingest")
public interface IngestConfig {
    /** Whether this instance polls feeds at all (the REST registry works either way). */
    @WithDefault("true")
    boolean enabled();

    /** How often the scheduler looks for due feeds. */
    @WithDefault("5s")
    Duration tick();

    /** Poll interval of a feed that says nothing about its freshness. */
    @WithDefault("15m")
    Duration defaultInterval();

    /** No feed is polled more often than this, whatever its Cache-Control or ttl say. */
    @WithDefault("1m")
    Duration minInterval();

    /** Nor less often than this (also the cap of the error backoff). */
    @WithDefault("24h")
    Duration maxInterval();

    /** First retry delay after a failed fetch; it doubles with each consecutive failure up to max-interval. */
    @WithDefault("1m")
    Duration backoffBase();

    /** Most feeds one tick claims. */
    @WithDefault("32")
    int batchSize();

    /** How long a claim lasts; a claimer that dies leaves its feeds to others after this. */
    @WithDefault("5m")
    Duration claimLease();

    /** Least time between two fetches from one host by this instance (politeness). */
    @WithDefault("1s")
    Duration hostGap();

    /** Fetch timeouts and body limit (the library's FetchLimits). */
    @WithDefault("10s")
    Duration connectTimeout();

    @WithDefault("30s")
    Duration totalTimeout();

    @WithDefault("10485760")
    long maxBodyBytes();

    @WithDefault("5")
    int maxRedirects();

    @WithDefault("Herald feed ingestion (+https://github.com/herald)")
    String userAgent();

    /** Subscribe at the WebSub hub a feed advertises (W3C WebSub §5.1), so new entries are pushed between polls. */
    @WithDefault("true")
    boolean websubEnabled();

    /** hub.lease_seconds asked of hubs; the subscription is renewed before it ends. */
    @WithDefault("10d")
    Duration websubLease();

    /** How long before a lease ends it is renewed, and after how long an unverified or refused request is repeated. */
    @WithDefault("1h")
    Duration websubRetry();

    /** Poll interval of a feed whose hub pushes to Herald: polling is only the fallback then. */
    @WithDefault("6h")
    Duration websubPollInterval();

    /** Feeds on private, loopback or link-local addresses are refused (SSRF) unless this is true. */
    @WithDefault("false")
    boolean allowPrivateTargets();
}
