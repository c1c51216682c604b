package org.herald.xmpp.component;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.herald.domain.Jid;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/**
 * IQ requests Herald itself sends (RFC 6120 §8.2.3), matched to their responses by id and by the address they were
 * sent to, so that nobody else can answer them. The response's payload (or null) completes the Uni; an error
 * response fails it with {@link StanzaErrorException}; silence fails it with a {@link TimeoutException}.
 */
@ApplicationScoped
public class IqRequests {

    private record Pending(String to, CompletableFuture<XmlElement> answer) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final String prefix = "herald-" + Long.toString(System.nanoTime(), 36) + "-";

    @Inject
    ComponentLink link;

    /** Sends {@code <iq type='get|set' to=to>payload</iq>} from the component and awaits the answer. */
    public Uni<XmlElement> send(IqType type, Jid to, XmlElement payload, Duration timeout) {
        return Uni.createFrom().deferred(() -> {
            // The answer would reach whichever instance holds the link, never this one: fail at once instead of
            // sending through the outbox (docs/cluster-link.md: roster queries fail closed without a link).
            if (!link.isConnected()) {
                return Uni.createFrom().failure(new IllegalStateException("no component link on this instance"));
            }
            String id = prefix + sequence.incrementAndGet();
            CompletableFuture<XmlElement> answer = new CompletableFuture<>();
            pending.put(id, new Pending(to.toString(), answer));
            XmlElement iq = XmlElement.builder("iq", Namespaces.COMPONENT_ACCEPT)
                    .attr("type", type.wire()).attr("id", id).attr("from", link.jid()).attr("to", to.toString())
                    .child(payload).build();
            if (!link.send(iq)) {
                pending.remove(id);
                return Uni.createFrom().failure(new IllegalStateException("component link is down"));
            }
            return Uni.createFrom().completionStage(answer)
                    .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no answer from " + to + " within " + timeout))
                    .onTermination().invoke(() -> pending.remove(id));
        });
    }

    /** Takes a result or error IQ; false when it answers nothing Herald asked (the dispatcher then drops it). */
    boolean complete(XmlElement response) {
        String id = response.attr("id");
        if (id == null) return false;
        Pending p = pending.get(id);
        // The server stamps 'from': a response must come from where the request went.
        if (p == null || !sameAddress(p.to(), response.attr("from"))) return false;
        pending.remove(id);
        if ("result".equals(response.attr("type"))) {
            p.answer().complete(response.children().isEmpty() ? null : response.children().get(0));
        } else {
            p.answer().completeExceptionally(errorOf(response));
        }
        return true;
    }

    private static boolean sameAddress(String sentTo, String from) {
        Jid a = Jid.tryParse(sentTo);
        Jid b = Jid.tryParse(from);
        return a != null && a.equals(b);
    }

    private static StanzaErrorException errorOf(XmlElement response) {
        XmlElement error = response.child("error", Namespaces.COMPONENT_ACCEPT);
        StanzaErrorType type = StanzaErrorType.CANCEL;
        String condition = "undefined-condition";
        if (error != null) {
            for (StanzaErrorType t : StanzaErrorType.values()) {
                if (t.wire().equals(error.attr("type"))) type = t;
            }
            for (XmlElement c : error.children()) {
                if (Namespaces.STANZAS.equals(c.namespace()) && !"text".equals(c.name())) {
                    condition = c.name();
                    break;
                }
            }
        }
        return new StanzaErrorException(type, condition);
    }
}
