package org.herald.fanout;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.herald.http.stream.InProcessNodeBus;
import org.herald.http.stream.NodeBus;
import org.jboss.logging.Logger;

/**
 * Chooses the streams' {@link NodeBus} by {@code herald.fanout.bus}: the Redis bus between instances (default), or
 * the in-process bus of an instance that runs alone. The Redis bus gets a client of its own on Quarkus' Redis
 * address, because a subscription holds its connection for ever and must not take one of the shared pool's.
 */
@ApplicationScoped
class NodeBusWiring {
    private static final Logger LOG = Logger.getLogger(NodeBusWiring.class);

    private final FanoutConfig config;
    private final InProcessNodeBus local;
    private final jakarta.enterprise.inject.Instance<RedisNodeBus> redisBus;
    private final List<String> hosts;
    private final Optional<String> password;

    NodeBusWiring(FanoutConfig config, InProcessNodeBus local, jakarta.enterprise.inject.Instance<RedisNodeBus> redisBus,
                  @ConfigProperty(name = "quarkus.redis.hosts") List<String> hosts,
                  @ConfigProperty(name = "quarkus.redis.password") Optional<String> password) {
        this.config = config;
        this.local = local;
        this.redisBus = redisBus;
        this.hosts = hosts;
        this.password = password;
    }

    @Produces
    @ApplicationScoped
    NodeBus nodeBus() {
        return config.bus() == FanoutConfig.Mode.LOCAL ? local : redisBus.get();
    }

    void start(@Observes StartupEvent ev, Vertx vertx) {
        if (config.bus() != FanoutConfig.Mode.REDIS) {
            LOG.info("stream events stay on this instance (herald.fanout.bus=local)");
            return;
        }
        RedisOptions options = new RedisOptions().setConnectionString(hosts.get(0))
                // a few connections: the subscription holds one, publishes take one at a time
                .setMaxPoolSize(4).setMaxPoolWaiting(64);
        password.ifPresent(options::setPassword);
        redisBus.get().start(Redis.createClient(vertx, options));
    }

    void stop(@Observes ShutdownEvent ev) {
        if (config.bus() == FanoutConfig.Mode.REDIS) redisBus.get().stop();
    }
}
