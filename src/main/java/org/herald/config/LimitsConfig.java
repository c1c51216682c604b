package org.herald.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Per-requester limits (issue #9, docs/limits.md): token-bucket rates of publish, subscribe and create, counted per
 * bare JID over XMPP and per bearer token over HTTP, and the most nodes one owner may create. Defaults are in
 * {@code application.properties}. A rate or burst of 0, or a max-nodes-per-owner of 0, switches that limit off.
 */
@ConfigMapping(prefix = "herald.limits")
public interface LimitsConfig {
    Bucket publish();

    Bucket subscribe();

    Bucket create();

    /** Nodes one bare JID may own by creating them; service admins are exempt. */
    int maxNodesPerOwner();

    /** Requesters tracked per action per instance; beyond it the least recently seen is forgotten (bounded memory). */
    @WithDefault("100000")
    int maxTrackedRequesters();

    interface Bucket {
        /** Requests per second that flow back into a requester's allowance. */
        double rate();

        /** The most requests a requester may send at once after being quiet. */
        int burst();
    }
}
