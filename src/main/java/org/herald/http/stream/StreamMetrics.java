package org.herald.http.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live stream clients on this instance (a gauge per transport) and the messages written to them (backlog, live
 * events, snapshots; heartbeats carry no event and are not counted). A client counts from the moment its transport
 * is attached until it goes, once, however many ways it is closed. Created at start-up, so the series exist (at 0)
 * before the first client, as dashboards and alerts expect.
 */
@Startup
@ApplicationScoped
public class StreamMetrics {
    private final Transport sse;
    private final Transport ws;

    public StreamMetrics(MeterRegistry registry) {
        this.sse = new Transport(registry, "sse");
        this.ws = new Transport(registry, "websocket");
    }

    private static final class Transport {
        final AtomicInteger clients = new AtomicInteger();
        final Counter sent;

        Transport(MeterRegistry registry, String name) {
            Gauge.builder("herald.stream.clients", clients, AtomicInteger::get).tag("transport", name)
                    .description("Live SSE/WebSocket clients connected to this instance").register(registry);
            sent = Counter.builder("herald.stream.events.sent").tag("transport", name)
                    .description("Messages written to live stream clients").register(registry);
        }
    }

    private Transport of(StreamChannel channel) {
        return channel instanceof WsChannel ? ws : sse;
    }

    /** The channel, counting what is sent through it; the client counts as connected until {@link #gone}. */
    StreamChannel attach(StreamChannel channel) {
        Transport t = of(channel);
        t.clients.incrementAndGet();
        return new StreamChannel() {
            @Override
            public Future<Void> send(StreamMessage message) {
                t.sent.increment();
                return channel.send(message);
            }

            @Override
            public Future<Void> heartbeat() {
                return channel.heartbeat();
            }

            @Override
            public void close() {
                channel.close();
            }

            @Override
            public void live() {
                channel.live();
            }

            @Override
            public void onClose(Runnable whenClosed) {
                channel.onClose(whenClosed);
            }
        };
    }

    /** The client attached with {@code channel} (the transport's own, not the counting wrapper) has gone. */
    void gone(StreamChannel channel) {
        of(channel).clients.decrementAndGet();
    }
}
