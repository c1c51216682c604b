package org.herald.xmpp.component;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.herald.xmpp.stanza.XmlElement;

/**
 * A test-only IQ handler that fails on request and records the Vert.x context each request ran on, so tests
 * can check error mapping and per-stanza context isolation through a real server.
 */
@ApplicationScoped
public class ProbeHandler implements IqHandler {
    public static final String NS = "urn:herald:test:probe";

    /** What a handled request saw. */
    public record Seen(String id, Context context, boolean duplicated, boolean safe) {
    }

    public static final ConcurrentLinkedQueue<Seen> SEEN = new ConcurrentLinkedQueue<>();

    @Override
    public String namespace() {
        return NS;
    }

    @Override
    public String element() {
        return "probe";
    }

    @Override
    public Set<IqType> types() {
        return Set.of(IqType.GET, IqType.SET);
    }

    @Override
    public List<String> features() {
        return List.of(NS);
    }

    @Override
    public Uni<XmlElement> handle(Iq iq) {
        Context ctx = Vertx.currentContext();
        SEEN.add(new Seen(iq.id(), ctx, VertxContext.isDuplicatedContext(ctx), VertxContextSafetyToggle.isExplicitlyMarkedAsSafe(ctx)));
        String mode = iq.child().attr("mode");
        if ("refuse".equals(mode)) {
            return Uni.createFrom().failure(new StanzaErrorException(StanzaErrorType.MODIFY, "not-acceptable",
                    XmlElement.empty("too-odd", NS), "odd request"));
        }
        if ("crash".equals(mode)) {
            return Uni.createFrom().failure(new IllegalStateException("internal detail 42"));
        }
        if ("throw".equals(mode)) {
            throw new IllegalArgumentException("thrown, not failed");
        }
        return Uni.createFrom().item(XmlElement.builder("probe", NS).attr("ok", "yes").build());
    }
}
