package org.herald.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.herald.config.ComponentConfig;
import org.herald.fanout.LinkLease;
import org.herald.xmpp.component.ComponentLink;

/**
 * Ready only while the XEP-0114 link is up: without it no XMPP user is served. In {@code links=one} mode an instance
 * that does not hold the link lease is ready as a standby. Liveness stays unaffected, since
 * the link reconnects by itself and restarting Herald would not bring the XMPP server back.
 */
@Readiness
@ApplicationScoped
public class ComponentLinkReadiness implements HealthCheck {
    @Inject
    ComponentLink link;

    @Inject
    ComponentConfig config;

    @Inject
    LinkLease lease;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("XMPP component link").withData("jid", config.jid());
        if (!config.enabled()) return response.withData("link", "disabled").up().build();
        if (lease.active() && !lease.holding()) {
            // links=one: another instance holds the link and this one routes its XMPP traffic through the outbox
            // (docs/cluster-link.md); it serves HTTP and is ready, standing by to take the link over.
            return response.withData("link", "standby").withData("holder", lease.holder()).up().build();
        }
        return response.withData("handshakes", link.handshakes()).status(link.isConnected()).build();
    }
}
