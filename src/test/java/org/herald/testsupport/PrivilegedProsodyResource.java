package org.herald.testsupport;

import java.util.HashMap;
import java.util.Map;

/**
 * Like {@link ProsodyResource}, with Herald's component privileged through mod_privilege (XEP-0356): it may read
 * users' rosters and receives the presence of users and their contacts.
 */
public class PrivilegedProsodyResource extends ProsodyResource {
    /** Short, so tests see a roster change take effect without waiting long. */
    public static final String ROSTER_CACHE_TTL = "1s";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("herald.presence.roster-cache-ttl", ROSTER_CACHE_TTL);
        return config;
    }

    @Override
    protected Prosody launch() {
        return Prosody.builder(DOMAIN).components(COMPONENT, SPARE_COMPONENT)
                .privileged(COMPONENT, "get", "roster")
                .start();
    }
}
