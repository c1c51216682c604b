package org.herald.http.feed;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the Atom/RSS/JSON feeds and the status page (docs/http-feeds.md). */
@ConfigMapping(prefix = "herald.http.feeds")
public interface FeedsConfig {

    /** How many of a node's newest items a feed carries (never more than the node keeps). */
    @WithDefault("50")
    int maxItems();

    /** How many recent items the status page shows per node. */
    @WithDefault("5")
    int statusItems();

    /** How many nodes the status page lists at most; the rest are counted, not shown. */
    @WithDefault("100")
    int statusMaxNodes();

    /** How many nodes' feed versions (for Last-Modified) each instance remembers. */
    @WithDefault("10000")
    int versionCacheSize();
}
