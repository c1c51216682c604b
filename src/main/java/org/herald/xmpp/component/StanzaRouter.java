package org.herald.xmpp.component;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;
import org.jboss.logging.Logger;

/**
 * Entry point for every stanza the component receives. Each stanza is handled on a new duplicated Vert.x
 * context marked safe, so that concurrent stanzas never share context-local state such as a Hibernate
 * Reactive session.
 */
@ApplicationScoped
public class StanzaRouter {
    private static final Logger LOG = Logger.getLogger(StanzaRouter.class);

    @Inject
    Vertx vertx;

    @Inject
    IqDispatcher iqs;

    @Inject
    @Any
    Instance<MessageHandler> messageHandlers;

    @Inject
    @Any
    Instance<PresenceHandler> presenceHandlers;

    /** Called on the link's event loop; returns at once. */
    public void route(XmlElement stanza) {
        Context current = Vertx.currentContext();
        Context dup = VertxContext.createNewDuplicatedContext(current != null ? current : vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(dup, true);
        dup.runOnContext(v -> dispatch(stanza));
    }

    private void dispatch(XmlElement stanza) {
        if (!Namespaces.COMPONENT_ACCEPT.equals(stanza.namespace())) {
            LOG.debugf("Ignoring {%s}%s", stanza.namespace(), stanza.name());
            return;
        }
        switch (stanza.name()) {
            case "iq" -> iqs.dispatch(stanza);
            case "message" -> {
                if ("error".equals(stanza.attr("type"))) {
                    LOG.debugf("Message error from %s: %s", stanza.attr("from"), stanza.child("error", Namespaces.COMPONENT_ACCEPT));
                }
                for (MessageHandler h : messageHandlers) deliver(h.getClass(), () -> h.handle(stanza));
            }
            case "presence" -> {
                for (PresenceHandler h : presenceHandlers) deliver(h.getClass(), () -> h.handle(stanza));
            }
            default -> LOG.debugf("Ignoring unknown stanza <%s/>", stanza.name());
        }
    }

    private static void deliver(Class<?> handler, java.util.function.Supplier<Uni<Void>> call) {
        Uni<Void> uni;
        try {
            uni = call.get();
        } catch (RuntimeException e) {
            uni = Uni.createFrom().failure(e);
        }
        if (uni == null) return;
        uni.subscribe().with(v -> {
        }, e -> LOG.errorf(e, "%s failed", handler.getName()));
    }
}
