package org.herald.xmpp.presence;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicLong;
import org.herald.config.ComponentConfig;
import org.herald.domain.Jid;
import org.herald.service.PubSubService;
import org.herald.xmpp.component.ComponentLink;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;
import org.jboss.logging.Logger;

/**
 * After each (re)connection of the component, asks users whose presence decides deliveries for it again
 * (RFC 6121 §4.3 presence probes): Herald keeps presence in memory only, and on servers that grant no XEP-0356
 * presence privilege nobody else tells it who is online. The server answers a probe only for users who share
 * their presence with the service; users of servers that grant the presence privilege are not probed, since their
 * server re-sends their presence itself (XEP-0356 §8).
 */
@ApplicationScoped
public class PresenceProbes {
    private static final Logger LOG = Logger.getLogger(PresenceProbes.class);
    /** How often the link's handshake count is looked at; a reconnection is noticed within this time. */
    static final long CHECK_MILLIS = 2000;

    private final AtomicLong probedForHandshake = new AtomicLong();

    @Inject
    Vertx vertx;

    @Inject
    ComponentConfig component;

    @Inject
    ComponentLink link;

    @Inject
    Privileges privileges;

    @Inject
    PubSubService service;

    private volatile long timer = -1;

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) vertx.cancelTimer(timer);
    }

    void onStart(@Observes StartupEvent event) {
        if (!component.enabled()) return;
        timer = vertx.setPeriodic(CHECK_MILLIS, id -> {
            long handshakes = link.handshakes();
            if (link.isConnected() && handshakes > probedForHandshake.get()) {
                probedForHandshake.set(handshakes);
                onOwnContext(this::probeWatched);
            }
        });
    }

    /** Sends a probe to every watched user whose server does not send Herald their presence anyway. */
    public Uni<Integer> probeWatched() {
        return service.presenceWatched().map(users -> {
            int sent = 0;
            for (Jid user : users) {
                if (!"none".equals(privileges.of(user.domain()).presence())) continue;
                link.send(XmlElement.builder("presence", Namespaces.COMPONENT_ACCEPT)
                        .attr("from", link.jid()).attr("to", user.toString()).attr("type", "probe").build());
                sent++;
            }
            LOG.debugf("Probed the presence of %d users", sent);
            return sent;
        });
    }

    /** Database work needs a duplicated context of its own, as each stanza gets (see StanzaRouter). */
    private void onOwnContext(java.util.function.Supplier<Uni<Integer>> work) {
        Context dup = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(dup, true);
        dup.runOnContext(v -> work.get().subscribe().with(n -> {
        }, e -> LOG.warnf("Probing presence after connecting failed: %s", e.toString())));
    }
}
