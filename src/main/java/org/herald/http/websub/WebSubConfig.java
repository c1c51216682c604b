package org.herald.http.websub;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The WebSub hub's settings (docs/websub.md, "README additions"). */
@ConfigMapping(prefix = "herald.websub")
public interface WebSubConfig {

    /** The lease a subscription gets when the request names none (W3C WebSub §5.1.1 lets the hub choose it). */
    @WithDefault("10d")
    Duration defaultLease();

    /** The shortest lease granted: a shorter hub.lease_seconds is raised to it. */
    @WithDefault("1h")
    Duration minLease();

    /** The longest lease granted: longer requests are cut to it. Leases are never perpetual. */
    @WithDefault("30d")
    Duration maxLease();

    /** Attempts at one delivery before it is dropped (with a log line). */
    @WithDefault("10")
    int maxAttempts();

    /** A delivery older than this is dropped instead of retried, whatever its attempts. */
    @WithDefault("24h")
    Duration maxAge();

    /** The first retry delay; each later one doubles, up to {@link #backoffMax()}, with jitter. */
    @WithDefault("10s")
    Duration backoffBase();

    @WithDefault("1h")
    Duration backoffMax();

    /** The whole of one outbound request (verification, denial or delivery), connecting included. */
    @WithDefault("10s")
    Duration requestTimeout();

    /** How often each instance looks for due deliveries (and how soon a new delivery goes out at most). */
    @WithDefault("1s")
    Duration pollInterval();

    /** Deliveries one claim takes; they are posted concurrently. */
    @WithDefault("32")
    int batchSize();

    /**
     * How often each instance looks for committed items whose deliveries were never queued (an enqueue that failed,
     * an instance killed after a commit). The look is one indexed query when nothing was missed.
     */
    @WithDefault("10s")
    Duration catchUpInterval();

    /** How often expired subscriptions are deleted. */
    @WithDefault("1m")
    Duration sweepInterval();

    /**
     * Allow callbacks on private, loopback, link-local and other non-public addresses. Off by default so that a
     * subscriber cannot make the hub call into the operator's network (SSRF).
     */
    @WithDefault("false")
    boolean allowPrivateCallbacks();

    /** The X-Hub-Signature method (§7.1): sha256 (default), sha384, sha512, or sha1 for old subscribers. */
    @WithDefault("sha256")
    SignatureMethod signatureAlgorithm();
}
