package org.herald.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Service-wide pubsub policy ({@code herald.pubsub.*}). */
@ConfigMapping(prefix = "herald.pubsub")
public interface PubSubConfig {

    /** The most items any node keeps; what pubsub#max_items = "max" means. */
    @WithDefault("1000")
    long maxItems();

    /** The largest payload any node accepts, in bytes of serialised XML. */
    @WithDefault("262144")
    int maxPayloadSize();

    /** Bare JIDs that act as owner of every node. */
    Optional<List<String>> admins();

    /** Domains whose users may create nodes; unset means anyone the XMPP server routes to Herald. */
    Optional<List<String>> creatorDomains();

    /**
     * Overrides of the default node configuration, by pubsub#node_config field name without the "pubsub#"
     * prefix, e.g. {@code herald.pubsub.defaults.max_items=50}. Validated like an owner's form at start-up.
     */
    Map<String, String> defaults();

    /** How often expired items (pubsub#item_expire, §17.4.4) are looked for and deleted. */
    @WithDefault("30s")
    Duration itemExpirySweepInterval();

    /** The most items one sweep deletes in one transaction; a full batch is followed by another at once. */
    @WithDefault("500")
    int itemExpirySweepBatch();

    // --- subscription options (XEP-0060 §6.3, §13.19)

    /** The shortest pubsub#digest_frequency a subscriber may choose. */
    @WithDefault("60s")
    Duration minDigestFrequency();

    /** The longest pubsub#digest_frequency a subscriber may choose. */
    @WithDefault("744h")
    Duration maxDigestFrequency();

    /**
     * The longest lease (pubsub#expire) of a subscription; unset means subscriptions may last for ever. When set,
     * every subscription gets a lease, and a longer one asked for is cut to this length (§13.19).
     */
    Optional<Duration> maxLease();

    /** How many subscriptions one JID may hold to one node (§6.1.6 multi-subscribe). */
    @WithDefault("10")
    int maxSubscriptionsPerJid();

    /** How often each instance looks for digests that are due (pubsub#digest). */
    @WithDefault("5s")
    Duration digestCheckInterval();

    /** How often each instance looks for subscriptions whose lease ended (§13.19). */
    @WithDefault("30s")
    Duration leaseSweepInterval();
}
