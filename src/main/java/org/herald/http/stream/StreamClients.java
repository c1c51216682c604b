package org.herald.http.stream;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.herald.domain.Jid;
import org.herald.domain.geo.GeoArea;
import org.herald.service.geo.GeoQueries;

/** Makes {@link StreamClient}s with what they share (the hub, the access checks, the settings). */
@ApplicationScoped
class StreamClients {
    private final Vertx vertx;
    private final NodeStreams hub;
    private final StreamAccess access;
    private final StreamConfig config;
    private final GeoQueries geo;
    private final StreamMetrics metrics;

    StreamClients(Vertx vertx, NodeStreams hub, StreamAccess access, StreamConfig config, GeoQueries geo,
                  StreamMetrics metrics) {
        this.geo = geo;
        this.metrics = metrics;
        this.vertx = vertx;
        this.hub = hub;
        this.access = access;
        this.config = config;
    }

    /** A client on the given context (its connection's), not yet open. */
    StreamClient create(Jid reader, String node, Long resumeAfter, Context context) {
        return create(reader, node, resumeAfter, null, context);
    }

    /** The same, streaming only what concerns {@code area} (null: everything). */
    StreamClient create(Jid reader, String node, Long resumeAfter, GeoArea area, Context context) {
        return new StreamClient(reader, node, resumeAfter, context, vertx, hub, access, config, area, geo, metrics);
    }
}
