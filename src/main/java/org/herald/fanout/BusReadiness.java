package org.herald.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Whether this instance hears the others (its Redis bus subscription is up). Without it the instance is degraded,
 * not unready: its stream clients miss other instances' items until the subscription returns and the gap is filled
 * from PostgreSQL, while publishing and local delivery go on. So the check stays UP and says {@code degraded}
 * (see health/RedisReadiness for why a Redis outage must not fail every replica's readiness).
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
        boolean subscribed = redis.subscribed();
        return response.withData("bus", "redis").withData("subscribed", subscribed).withData("degraded", !subscribed)
                .withData("followedNodes", redis.followedNodes()).up().build();
    }
}
