package org.herald.geo;

import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.herald.config.GeoConfig;
import org.herald.service.PubSubService;
import org.herald.service.geo.GeoQueries;
import org.herald.service.port.PubSubStore;

/** Plugs the Redis position index behind the core's geo queries, and keeps it current from the core's events. */
@ApplicationScoped
public class GeoWiring {

    @Produces
    @Singleton
    RedisGeoIndex redisGeoIndex(RedisAPI redis, PubSubStore store, Vertx vertx, GeoConfig config) {
        return new RedisGeoIndex(redis, store, vertx, config.redisTimeout());
    }

    /** An EventSink bean: CoreWiring hands it every committed event (through EventFanOut). */
    @Produces
    @Singleton
    GeoIndexSink geoIndexSink(RedisGeoIndex index) {
        return new GeoIndexSink(index);
    }

    @Produces
    @Singleton
    GeoQueries geoQueries(PubSubService service, PubSubStore store, RedisGeoIndex index) {
        return new GeoQueries(service, store, index, Clock.systemUTC());
    }
}
