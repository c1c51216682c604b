package org.herald.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while this instance hears the others (its Redis bus subscription is up): without it, its stream
 * clients miss other instances' items until the subscription returns and the gap is filled. Publishing still works
 * meanwhile (local delivery, PostgreSQL), as with Redis' own check, which says whether Redis answers at all.
 */
@Readiness
@ApplicationScoped
public class BusReadiness implements HealthCheck {
    private final FanoutConfig config;
    private final jakarta.enterprise.inject.Instance<RedisNodeBus> bus;

    BusReadiness(FanoutConfig config, jakarta.enterprise.inject.Instance<RedisNodeBus> bus) {
        this.config = config;
        this.bus = bus;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Redis fan-out bus");
        if (config.bus() == FanoutConfig.Mode.LOCAL) return response.withData("bus", "local").up().build();
        RedisNodeBus redis = bus.get();
        return response.withData("bus", "redis").withData("followedNodes", redis.followedNodes())
                .status(redis.subscribed()).build();
    }
}
