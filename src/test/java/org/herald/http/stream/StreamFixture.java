package org.herald.http.stream;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.herald.domain.Affiliation;
import org.herald.domain.Jid;
import org.herald.service.ItemDraft;
import org.herald.service.PubSubService;

/** Drives the core directly (as an XMPP or REST user would) while tests read streams over HTTP. */
final class StreamFixture {
    static final Jid OWNER = Jid.parse("owner@localhost");

    private final PubSubService service;
    private final URI base;

    StreamFixture(PubSubService service, URI base) {
        this.service = service;
        this.base = base;
    }

    static String uniqueNode(String prefix) {
        return prefix + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    /** A node owned by OWNER with the given configuration fields (without the pubsub# prefix). */
    String node(String prefix, String... fieldValues) {
        String id = uniqueNode(prefix);
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (int i = 0; i < fieldValues.length; i += 2) form.put("pubsub#" + fieldValues[i], List.of(fieldValues[i + 1]));
        await(() -> service.create(OWNER, id, form));
        return id;
    }

    void configure(String node, String field, String value) {
        await(() -> service.configure(OWNER, node, Map.of("pubsub#" + field, List.of(value))));
    }

    void affiliate(String node, Jid who, Affiliation affiliation) {
        await(() -> service.modifyAffiliations(OWNER, node, Map.of(who, affiliation)));
    }

    String publish(String node, String id) {
        String payload = "<entry xmlns='urn:test:stream'><n>" + id + "</n></entry>";
        return await(() -> service.publish(OWNER, node, new ItemDraft(id, payload, "urn:test:stream"), null)).itemId();
    }

    URI events(String node, String query) {
        return base.resolve("/api/v1/nodes/" + URLEncoder.encode(node, StandardCharsets.UTF_8) + "/events"
                + (query == null ? "" : "?" + query));
    }

    URI ws(String node, String query) {
        URI http = base.resolve("/api/v1/nodes/" + URLEncoder.encode(node, StandardCharsets.UTF_8) + "/ws"
                + (query == null ? "" : "?" + query));
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }
}
