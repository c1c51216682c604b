package org.herald.xmpp.component;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.herald.config.ComponentConfig;
import org.herald.xmpp.stanza.XmlElement;
import org.jboss.logging.Logger;

/**
 * Herald's connection to its XMPP server (XEP-0114), started with the application and stopped with it.
 * Inbound stanzas go to {@link StanzaRouter}; anything may {@link #send} outbound stanzas.
 */
@ApplicationScoped
public class ComponentLink {
    private static final Logger LOG = Logger.getLogger(ComponentLink.class);

    @Inject
    Vertx vertx;

    @Inject
    ComponentConfig config;

    @Inject
    StanzaRouter router;

    @Inject
    IqDispatcher iqs;

    private volatile ComponentConnection connection;

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("XMPP component link disabled (herald.component.enabled=false)");
            return;
        }
        // Touching the dispatcher here makes a duplicate handler registration fail start-up, not the first stanza.
        LOG.infof("Component %s serves %s", config.jid(), iqs.served());
        connection = new ComponentConnection(vertx, LinkSettings.from(config), router::route);
        connection.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        ComponentConnection c = connection;
        if (c == null) return;
        try {
            // Shutdown runs on the main thread, where waiting briefly for a polite close is fine.
            c.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("Component link did not close cleanly: %s", e.toString());
        }
    }

    /** The component domain, e.g. pubsub.example.org. */
    public String jid() {
        return config.jid();
    }

    public boolean isConnected() {
        ComponentConnection c = connection;
        return c != null && c.isConnected();
    }

    /** Number of successful handshakes since start; a reconnect increases it. */
    public long handshakes() {
        ComponentConnection c = connection;
        return c == null ? 0 : c.handshakes();
    }

    /** Completes once the link is (or next becomes) authenticated; never completes when disabled. */
    public CompletionStage<Void> whenConnected() {
        ComponentConnection c = connection;
        return c == null ? new CompletableFuture<>() : c.whenConnected();
    }

    /** Sends one stanza; false when the link is down and it was dropped (logged). */
    public boolean send(XmlElement stanza) {
        ComponentConnection c = connection;
        if (c == null) {
            LOG.warnf("Component link not running: dropped an outbound %s stanza", stanza.name());
            return false;
        }
        return c.send(stanza);
    }

    /** Sends serialised XML that must be exactly one complete stanza. */
    public boolean send(String serialised) {
        ComponentConnection c = connection;
        if (c == null) {
            LOG.warn("Component link not running: dropped an outbound stanza");
            return false;
        }
        return c.send(serialised);
    }
}
