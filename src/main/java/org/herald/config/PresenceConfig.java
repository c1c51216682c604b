package org.herald.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How Herald learns rosters and presence ({@code herald.presence.*}); see docs/xep-0060-presence.md. */
@ConfigMapping(prefix = "herald.presence")
public interface PresenceConfig {

    /**
     * How long an owner's roster, read through the XEP-0356 roster privilege, answers access checks before it is
     * read again. Roster pushes (when the server sends them) end it sooner.
     */
    @WithDefault("30s")
    Duration rosterCacheTtl();

    /** How long to wait for the owner's server to answer a roster query; no answer refuses like an empty roster. */
    @WithDefault("5s")
    Duration rosterTimeout();

    /** The most rosters kept in memory at once. */
    @WithDefault("10000")
    int rosterCacheSize();
}
