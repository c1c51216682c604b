package org.herald.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.StoredItem;
import org.herald.service.ItemDraft;
import org.herald.service.ItemsQuery;
import org.herald.service.PageRequest;
import org.herald.service.PubSubService;

/** The service calls the cache tests make, each awaited on a Vert.x context as a request handler would run it. */
final class CacheCalls {
    static final Jid OWNER = Jid.parse("owner@example.org");
    static final String NS = "urn:example:cache";

    private final PubSubService service;
    private final MeterRegistry registry;

    CacheCalls(PubSubService service, MeterRegistry registry) {
        this.service = service;
        this.registry = registry;
    }

    static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    String node(String accessModel) {
        String id = "cache-" + UUID.randomUUID();
        await(() -> service.create(OWNER, id, Map.of("pubsub#access_model", List.of(accessModel))));
        return id;
    }

    void configure(String node, String field, String value) {
        await(() -> service.configure(OWNER, node, Map.of(field, List.of(value))));
    }

    String title(Jid actor, String node) {
        return await(() -> service.node(actor, node)).node().config().title();
    }

    int subscribers(String node) {
        return await(() -> service.node(OWNER, node)).subscribers();
    }

    String publish(String node, String id, String text) {
        return await(() -> service.publish(OWNER, node, new ItemDraft(id, "<p xmlns='" + NS + "'>" + text + "</p>", NS),
                Map.of())).itemId();
    }

    void retract(String node, String id) {
        await(() -> service.retract(OWNER, node, List.of(id), null));
    }

    /** The first page of the node's items (as the REST list, feeds and stream checks ask), newest first. */
    List<String> firstPage(Jid actor, String node, int max) {
        return await(() -> service.itemsPage(actor, node, new ItemsQuery(null, List.of(), null, PageRequest.first(max))))
                .items().stream().map(s -> s.item().id()).toList();
    }

    long count(Jid actor, String node) {
        return await(() -> service.itemsPage(actor, node, new ItemsQuery(null, List.of(), null, PageRequest.first(5)))).count();
    }

    List<StoredItem> page(Jid actor, String node, PageRequest page) {
        return await(() -> service.itemsPage(actor, node, new ItemsQuery(null, List.of(), null, page))).items();
    }

    /** The refusal a read of the node's items meets, or null when it is allowed. */
    PubSubError refusal(Jid actor, String node) {
        try {
            firstPage(actor, node, 5);
            return null;
        } catch (PubSubException e) {
            return e.error();
        }
    }

    PubSubService service() {
        return service;
    }

    double hits() {
        return sum("herald.cache.hits");
    }

    double misses() {
        return sum("herald.cache.misses");
    }

    double errors() {
        return sum("herald.cache.errors");
    }

    private double sum(String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
