package org.herald.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports whether Redis answers, and stays UP when it does not: Herald then runs degraded, not unready. PostgreSQL is
 * the truth and every part that uses Redis falls back without it (publishes are accepted and durable, streams deliver
 * locally and fill from PostgreSQL later, caches read PostgreSQL, position queries too, the link holder keeps its
 * link). Redis is shared by every replica: were its outage to fail readiness, Kubernetes would take every pod out of
 * the Service at once and turn a degraded service into no service. The state is in the data ({@code redis},
 * {@code degraded}); alerts watch {@code herald_fanout_bus_subscribed} (docs/observability.md).
 */
@Readiness
@ApplicationScoped
public class RedisReadiness implements AsyncHealthCheck {
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final RedisAPI redis;

    RedisReadiness(RedisAPI redis) {
        this.redis = redis;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return redis.ping(List.of()).ifNoItem().after(TIMEOUT).fail()
                .map(pong -> true)
                .onFailure().recoverWithItem(false)
                .map(RedisReadiness::report);
    }

    static HealthCheckResponse report(boolean answers) {
        return HealthCheckResponse.named("Redis").up()
                .withData("redis", answers ? "up" : "down")
                .withData("degraded", !answers)
                .build();
    }
}
