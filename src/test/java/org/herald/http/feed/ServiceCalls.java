package org.herald.http.feed;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.herald.domain.Jid;
import org.herald.service.ItemDraft;
import org.herald.service.PubSubService;

/** Creates nodes and publishes through the real PubSubService as a JID (the REST publish API is built elsewhere). */
@ApplicationScoped
public class ServiceCalls {
    public static final Jid OWNER = Jid.parse("feedowner@localhost");

    private final PubSubService service;

    ServiceCalls(PubSubService service) {
        this.service = service;
    }

    /** A fresh node owned by {@link #OWNER}, with a NodeID unique to this run. */
    public String node(String prefix, Map<String, List<String>> config) {
        String id = prefix + "-" + UUID.randomUUID();
        await(() -> service.create(OWNER, id, config));
        return id;
    }

    public String publish(String node, String itemId, String payload) {
        String ns = payload == null ? null : namespace(payload);
        return await(() -> service.publish(OWNER, node, new ItemDraft(itemId, payload, ns), Map.of())).itemId();
    }

    public void retract(String node, String itemId) {
        await(() -> service.retract(OWNER, node, List.of(itemId), false));
    }

    public void purge(String node) {
        await(() -> service.purge(OWNER, node));
    }

    private static String namespace(String payload) {
        int at = payload.indexOf("xmlns='");
        return at < 0 ? "" : payload.substring(at + 7, payload.indexOf('\'', at + 7));
    }

    static <T> T await(Supplier<Uni<T>> call) {
        try {
            return VertxContextSupport.subscribeAndAwait(call);
        } catch (Throwable e) {
            throw new IllegalStateException("service call failed", e);
        }
    }
}
