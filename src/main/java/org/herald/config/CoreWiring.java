package org.herald.config;

import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.herald.domain.Jid;
import org.herald.domain.NodeConfig;
import org.herald.metrics.FanOutLag;
import org.herald.service.PubSubService;
import org.herald.service.ServiceSettings;
import org.herald.service.config.DefaultConfig;
import org.herald.service.config.NodeConfigForm;
import org.herald.service.config.ServiceLimits;
import org.herald.service.config.SubscriptionLimits;
import org.herald.service.geo.GeoLimits;
import org.herald.service.limits.LimitedAction;
import org.herald.service.limits.Rate;
import org.herald.service.limits.RateLimits;
import org.herald.service.limits.RequestLimits;
import org.herald.service.port.EventSink;
import org.herald.service.port.GeoPayloads;
import org.herald.service.port.PresenceView;
import org.herald.service.port.PubSubStore;
import org.herald.service.port.Relations;

/** Builds the pure core from configuration and plugs in the adapters behind its ports. */
@ApplicationScoped
public class CoreWiring {

    @Produces
    @Singleton
    ServiceSettings settings(PubSubConfig config, ComponentConfig component) {
        ServiceLimits limits = new ServiceLimits(config.maxItems(), config.maxPayloadSize());
        Map<String, List<String>> overrides = new LinkedHashMap<>();
        // Herald's own fields keep their prefix: herald.pubsub.defaults."herald#geo_key"=publisher
        config.defaults().forEach((k, v) -> overrides.put(k.contains("#") ? k : "pubsub#" + k, List.of(v)));
        // The operator's defaults go through the same validation as an owner's form: a typo fails start-up loudly.
        NodeConfig defaults = new NodeConfigForm(limits).apply(DefaultConfig.leaf(limits), overrides);
        Set<Jid> admins = config.admins().orElse(List.of()).stream().map(s -> Jid.parse(s.trim()).bare()).collect(Collectors.toCollection(HashSet::new));
        // The component's own JID is the system actor of feed ingestion (org.herald.ingest): it publishes a feed's
        // entries to the node the feed was registered on, after the registrant's publish right was checked, so it
        // may publish to any node. Only Herald itself speaks as this JID (the XMPP server stamps 'from').
        admins.add(Jid.parse(component.jid()).bare());
        Set<String> domains = config.creatorDomains().orElse(List.of()).stream().map(String::trim).collect(Collectors.toSet());
        SubscriptionLimits subscriptionLimits = new SubscriptionLimits(config.minDigestFrequency().toMillis(),
                config.maxDigestFrequency().toMillis(), config.maxLease().orElse(null), config.maxSubscriptionsPerJid());
        return new ServiceSettings(defaults, limits, admins, domains, subscriptionLimits);
    }

    @Produces
    @Singleton
    PubSubService pubSubService(PubSubStore store, @All List<EventSink> sinks, ServiceSettings settings,
                                Relations relations, PresenceView presence, GeoPayloads geoPayloads, GeoConfig geo,
                                FanOutLag lag, RequestLimits limits) {
        return new PubSubService(store, new EventFanOut(sinks, lag), settings, Clock.systemUTC(), () -> UUID.randomUUID().toString(),
                relations, presence, geoPayloads, new GeoLimits(geo.maxFutureSkew(), geo.maxSpeed(), geo.trackRetention()),
                limits);
    }

    /** One set of buckets per instance, shared by the core and the few adapters that limit outside it (WebSub). */
    @Produces
    @Singleton
    RequestLimits requestLimits(LimitsConfig c) {
        Map<LimitedAction, Rate> rates = Map.of(
                LimitedAction.PUBLISH, new Rate(c.publish().rate(), c.publish().burst()),
                LimitedAction.SUBSCRIBE, new Rate(c.subscribe().rate(), c.subscribe().burst()),
                LimitedAction.CREATE, new Rate(c.create().rate(), c.create().burst()));
        return new RequestLimits(new RateLimits(rates, c.maxTrackedRequesters(), System::nanoTime), c.maxNodesPerOwner());
    }
}
