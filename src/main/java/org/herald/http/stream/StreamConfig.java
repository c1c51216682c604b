package org.herald.http.stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Live streams (SSE and WebSocket) of nodes: docs/http-streams.md. */
@ConfigMapping(prefix = "herald.http.stream")
public interface StreamConfig {

    /**
     * How often an idle stream gets a heartbeat (an SSE comment line, a WebSocket ping message), so proxies keep the
     * connection open and clients notice a dead one.
     */
    @WithDefault("15s")
    Duration heartbeat();

    /**
     * The most messages one client may have waiting (written but not yet taken by its socket, or held while its
     * backlog replays). A client that falls further behind is closed; it resumes with Last-Event-ID.
     */
    @WithDefault("256")
    int bufferSize();

    /** The most clients that may follow one node on this instance; more are refused with 503. */
    @WithDefault("10000")
    int maxClientsPerNode();

    /** The most nodes a collection's stream follows (the collection, collections below it and their leaves). */
    @WithDefault("256")
    int maxCollectionNodes();
}
