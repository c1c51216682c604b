package org.herald.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.herald.xmpp.component.ComponentLink;

/** The XEP-0114 link as gauges: read from the link at scrape time, nothing is kept here. */
@ApplicationScoped
public class LinkMetrics {
    /** Held here because Micrometer keeps only weak references to what its function meters read. */
    private final ComponentLink link;
    private final MeterRegistry registry;

    public LinkMetrics(ComponentLink link, MeterRegistry registry) {
        this.link = link;
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        Gauge.builder("herald.xmpp.link.up", link, l -> l.isConnected() ? 1 : 0)
                .description("1 while the XMPP component link is authenticated, else 0").register(registry);
        FunctionCounter.builder("herald.xmpp.link.handshakes", link, ComponentLink::handshakes)
                .description("Successful component handshakes since start (a reconnect adds one)").register(registry);
        Gauge.builder("herald.xmpp.link.holder", link, l -> l.isOpen() ? 1 : 0)
                .description("1 while this instance holds the component link (links=one: the lease; links=each: always)")
                .register(registry);
    }
}
