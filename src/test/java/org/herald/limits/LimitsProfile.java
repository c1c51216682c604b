package org.herald.limits;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Tight limits for the limits' own tests (the rest of the suite runs with them off): three publishes, two subscribes
 * and four creates at once, then one every 10 s; two nodes per owner.
 */
public class LimitsProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "herald.limits.publish.rate", "0.1", "herald.limits.publish.burst", "3",
                "herald.limits.subscribe.rate", "0.1", "herald.limits.subscribe.burst", "2",
                "herald.limits.create.rate", "0.1", "herald.limits.create.burst", "4",
                "herald.limits.max-nodes-per-owner", "2");
    }
}
