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
}
