package org.herald.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.herald.config.ComponentConfig;
import org.herald.xmpp.component.ComponentLink;

/**
 * Ready only while the XEP-0114 link is up: without it no XMPP user is served. Liveness stays unaffected, since
 * the link reconnects by itself and restarting Herald would not bring the XMPP server back.
 */
@Readiness
@ApplicationScoped
public class ComponentLinkReadiness implements HealthCheck {
    @Inject
    ComponentLink link;

    @Inject
    ComponentConfig config;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("XMPP component link").withData("jid", config.jid());
        if (!config.enabled()) return response.withData("link", "disabled").up().build();
        return response.withData("handshakes", link.handshakes()).status(link.isConnected()).build();
    }
}
