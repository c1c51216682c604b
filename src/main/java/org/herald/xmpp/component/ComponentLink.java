package org.herald.xmpp.component;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.herald.config.ComponentConfig;
import io.smallrye.mutiny.Uni;
import java.util.List;
import org.herald.fanout.OutboxBatch;
import org.herald.fanout.OutboxUncertain;
import org.herald.fanout.XmppOutbox;
import org.herald.xmpp.stanza.XmlElement;
import org.jboss.logging.Logger;

/**
 * Herald's connection to its XMPP server (XEP-0114), stopped with the application. In {@code links=each} mode it
 * connects at start; in {@code links=one} mode the link lease ({@code fanout/LinkLease}) opens it when this instance
 * holds the lease and closes it when the lease is lost (docs/cluster-link.md). Inbound stanzas go to
 * {@link StanzaRouter}; anything may {@link #send} outbound stanzas.
 */
@ApplicationScoped
public class ComponentLink {
    private static final Logger LOG = Logger.getLogger(ComponentLink.class);
    /** Stanzas per socket write when sending many ({@link #sendPaced}). */
    public static final int STANZAS_PER_WRITE = 64;

    @Inject
    Vertx vertx;

    @Inject
    ComponentConfig config;

    @Inject
    StanzaRouter router;

    @Inject
    IqDispatcher iqs;

    @Inject
    XmppOutbox outbox;

    private volatile ComponentConnection connection;
    /** Handshakes of connections already closed, so that {@link #handshakes()} only grows. */
    private volatile long earlierHandshakes;
    /** Completed by the next connection that authenticates, for callers who asked while none was open. */
    private volatile CompletableFuture<Void> nextOpen = new CompletableFuture<>();
    private volatile boolean stopping;

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("XMPP component link disabled (herald.component.enabled=false)");
            return;
        }
        LinkSettings.from(config); // a missing secret fails start-up, not the first lease
        // Touching the dispatcher here makes a duplicate handler registration fail start-up, not the first stanza.
        LOG.infof("Component %s serves %s (links=%s)", config.jid(), iqs.served(), config.links().name().toLowerCase());
        if (config.links() == ComponentConfig.Links.EACH) open();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        close(Duration.ofSeconds(5));
    }

    /** Opens the link unless it is open (or opening); it then stays up by itself until {@link #close}. */
    public synchronized void open() {
        if (connection != null || stopping || !config.enabled()) return;
        ComponentConnection c = new ComponentConnection(vertx, LinkSettings.from(config), router::route, this::orphaned);
        connection = c;
        CompletableFuture<Void> waiting = nextOpen;
        c.whenConnected().whenComplete((v, e) -> waiting.complete(null));
        c.start();
    }

    /**
     * Closes the link, e.g. when this instance lost the link lease. Waits up to {@code grace} on the calling thread
     * when that is allowed (shutdown); on an event loop it returns at once and the close completes by itself.
     */
    public void close(Duration grace) {
        ComponentConnection c;
        synchronized (this) {
            c = connection;
            if (c == null) return;
            connection = null;
            earlierHandshakes += c.handshakes();
            if (nextOpen.isDone()) nextOpen = new CompletableFuture<>();
        }
        var closed = c.stop().toCompletableFuture();
        if (io.vertx.core.Context.isOnEventLoopThread()) return;
        try {
            // Shutdown runs on the main thread, where waiting briefly for a polite close is fine.
            closed.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("Component link did not close cleanly: %s", e.toString());
        }
    }

    /** True while this instance has a link open or opening (in {@code one} mode: while it holds the lease). */
    public boolean isOpen() {
        return connection != null;
    }

    /** The component domain, e.g. pubsub.example.org. */
    public String jid() {
        return config.jid();
    }

    public boolean isConnected() {
        ComponentConnection c = connection;
        return c != null && c.isConnected();
    }

    /** True while the link's socket is backed up (see {@link ComponentConnection#congested()}). */
    public boolean congested() {
        ComponentConnection c = connection;
        return c != null && c.congested();
    }

    /**
     * Sends many stanzas without overrunning the socket: before each write of {@link #STANZAS_PER_WRITE} stanzas it
     * waits until the link can take more ({@link ComponentConnection#whenWritable()}), and it goes on only once the
     * previous write reached the socket. Never blocks a thread. Answers how many stanzas (from the first) were handed
     * to the socket: all of them, or fewer when the link went down on the way (the caller decides what to do with the
     * rest — queue it in the outbox, or leave an outbox batch unacknowledged).
     */
    public Uni<Integer> sendPaced(OutboxBatch batch) {
        return sendFrom(batch, 0);
    }

    private Uni<Integer> sendFrom(OutboxBatch batch, int from) {
        ComponentConnection c = connection;
        if (from >= batch.size() || c == null || !c.isConnected()) return Uni.createFrom().item(from);
        return Uni.createFrom().completionStage(c::whenWritable).chain(() -> {
            if (connection != c || !c.isConnected()) return Uni.createFrom().item(from);
            int to = Math.min(batch.size(), from + STANZAS_PER_WRITE);
            return Uni.createFrom().completionStage(() -> c.sendTracked(batch.stanzas(from, to)))
                    .chain(written -> Boolean.TRUE.equals(written) ? sendFrom(batch, to) : Uni.createFrom().item(from));
        });
    }

    /** Number of successful handshakes since start; a reconnect increases it. */
    public long handshakes() {
        ComponentConnection c = connection;
        return earlierHandshakes + (c == null ? 0 : c.handshakes());
    }

    /** Completes once the link is (or next becomes) authenticated; never completes when disabled. */
    public CompletionStage<Void> whenConnected() {
        ComponentConnection c = connection;
        return c == null ? nextOpen.minimalCompletionStage() : c.whenConnected();
    }

    /**
     * Sends one stanza. Without a link here (another instance holds it, or it is reconnecting) the stanza goes to the
     * XMPP outbox for an instance with a link (docs/cluster-link.md); false when it was dropped (logged).
     */
    public boolean send(XmlElement stanza) {
        return send(stanza.toXml(), stanza.name());
    }

    /** Sends serialised XML that must be exactly one complete stanza; routed as {@link #send(XmlElement)}. */
    public boolean send(String serialised) {
        return send(serialised, "raw");
    }

    private boolean send(String xml, String what) {
        // A live link takes every single stanza (IQ replies, presence, one notification): they stay in order, and the
        // socket's backlog holds them until it drains. Senders of many stanzas use sendPaced, which waits.
        ComponentConnection c = connection;
        if (c != null && c.isConnected() && c.send(xml)) return true;
        if (!config.enabled() || stopping) {
            LOG.warnf("Component link not running: dropped an outbound %s stanza", what);
            return false;
        }
        queue(OutboxBatch.single(xml), what);
        return true;
    }

    /** Stanzas a closing socket never wrote: they go to the outbox, for this link's next connection or another instance. */
    private void orphaned(List<String> writes) {
        if (!config.enabled() || stopping) {
            LOG.warnf("Component link stopping: dropped %d unsent outbound writes", writes.size());
            return;
        }
        for (String w : writes) queue(OutboxBatch.single(w), "unsent");
    }

    /**
     * Queues stanzas in the outbox for an instance with a link. When Redis is unreachable and this instance has a link
     * (again) they are sent directly; only without both they are dropped (counted). An XADD without an answer is not
     * dropped nor sent: Redis may well have queued it (docs/cluster-link.md).
     */
    private void queue(OutboxBatch batch, String what) {
        outbox.add(batch).subscribe().with(v -> { }, e -> {
            if (e instanceof OutboxUncertain) {
                LOG.warnf("%s: not sent directly, the outbox may hold it", e.getMessage());
                return;
            }
            ComponentConnection now = connection;
            if (now != null && now.isConnected() && now.send(batch.stanzas(0, batch.size()))) return;
            LOG.warnf("No component link here and the XMPP outbox failed (%s): dropped an outbound %s stanza", e.toString(), what);
            outbox.dropped(batch.size());
        });
    }
}
