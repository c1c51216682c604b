package org.herald.xmpp.component;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.herald.domain.Jid;
import org.herald.xmpp.stanza.XmlElement;
import org.jboss.logging.Logger;

/** Validates IQ stanzas, picks the {@link IqHandler} for (type, payload element) and sends its reply. */
@ApplicationScoped
public class IqDispatcher {
    private static final Logger LOG = Logger.getLogger(IqDispatcher.class);

    private record Key(IqType type, String namespace, String element) {
    }

    private final Map<Key, IqHandler> handlers = new HashMap<>();

    @Inject
    @Any
    Instance<IqHandler> allHandlers;

    @Inject
    ComponentLink link;

    @Inject
    IqRequests requests;

    @PostConstruct
    void index() {
        for (IqHandler h : allHandlers) {
            for (IqType type : h.types()) {
                if (type != IqType.GET && type != IqType.SET) {
                    throw new IllegalStateException(h.getClass().getName() + " may serve only get and set");
                }
                IqHandler previous = handlers.put(new Key(type, h.namespace(), h.element()), h);
                if (previous != null) {
                    throw new IllegalStateException("Two IQ handlers for " + type.wire() + " {" + h.namespace() + "}"
                            + h.element() + ": " + previous.getClass().getName() + " and " + h.getClass().getName());
                }
            }
        }
    }

    /** A readable list of what is served, for the start-up log. */
    public List<String> served() {
        return handlers.keySet().stream().map(k -> k.type().wire() + " {" + k.namespace() + "}" + k.element()).sorted().toList();
    }

    /** Handles one IQ; runs on the stanza's own duplicated context. */
    void dispatch(XmlElement raw) {
        IqType type = IqType.fromWire(raw.attr("type"));
        if (type == IqType.RESULT || type == IqType.ERROR) {
            // RFC 6120 §8.2.3: responses are never answered; they complete a request of Herald's or are dropped.
            if (!requests.complete(raw)) LOG.debugf("Ignoring iq of type %s from %s", type.wire(), raw.attr("from"));
            return;
        }
        Jid from = Jid.tryParse(raw.attr("from"));
        if (from == null) {
            LOG.debugf("Dropping iq without a usable 'from'");
            return;
        }
        List<XmlElement> payload = raw.children();
        String id = raw.attr("id");
        // RFC 6120 §8.2.3: an IQ needs an id and a known type; get/set carry exactly one payload element.
        if (type == null || id == null || id.isEmpty() || payload.size() != 1) {
            link.send(StanzaErrors.error(raw, StanzaErrorType.MODIFY, "bad-request", null, null));
            return;
        }
        Jid to = raw.attr("to") == null ? Jid.parse(link.jid()) : Jid.tryParse(raw.attr("to"));
        if (to == null) {
            link.send(StanzaErrors.error(raw, StanzaErrorType.MODIFY, "jid-malformed", null, null));
            return;
        }
        XmlElement child = payload.get(0);
        Iq iq = new Iq(id, type, from, to, child, raw);
        IqHandler handler = handlers.get(new Key(type, child.namespace(), child.name()));
        if (handler == null) {
            // RFC 6120 §8.4 and §8.3.3.19: a payload we do not understand gets service-unavailable.
            link.send(StanzaErrors.error(iq, StanzaErrorType.CANCEL, "service-unavailable"));
            return;
        }
        invoke(handler, iq).subscribe().with(
                result -> link.send(StanzaErrors.result(iq, result)),
                failure -> link.send(errorReply(handler, iq, failure)));
    }

    private static Uni<XmlElement> invoke(IqHandler handler, Iq iq) {
        try {
            Uni<XmlElement> uni = handler.handle(iq);
            return uni == null ? Uni.createFrom().failure(new NullPointerException("handler returned no Uni")) : uni;
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private static XmlElement errorReply(IqHandler handler, Iq iq, Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof StanzaErrorException e) return StanzaErrors.error(iq, e);
        LOG.errorf(cause, "%s failed on iq %s from %s", handler.getClass().getName(), iq.id(), iq.from());
        // The requester learns only that we failed, not how (RFC 6120 §8.3.3.8).
        return StanzaErrors.error(iq.raw(), StanzaErrorType.WAIT, "internal-server-error", null, null);
    }
}
