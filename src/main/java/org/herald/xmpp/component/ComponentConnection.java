package org.herald.xmpp.component;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.StreamErrorException;
import org.herald.xmpp.stanza.StreamHeader;
import org.herald.xmpp.stanza.StreamListener;
import org.herald.xmpp.stanza.StreamParser;
import org.herald.xmpp.stanza.XmlElement;
import org.jboss.logging.Logger;

/**
 * One XEP-0114 'jabber:component:accept' session that keeps itself up: connect, stream header, handshake,
 * then exchange stanzas; on failure or loss reconnect with exponential backoff until {@link #stop()}.
 *
 * <p>Threading: all state lives on one Vert.x event-loop context; public methods hop onto it. Nothing here
 * blocks. The secret is used for the handshake digest only and never appears in a log line.
 */
public final class ComponentConnection {
    private static final Logger LOG = Logger.getLogger(ComponentConnection.class);
    private static final long CLOSE_GRACE_MILLIS = 2000;
    /** Ids of the stall detector's pings; their answers are the connection's own and go no further. */
    static final String PING_ID_PREFIX = "herald-link-ping-";

    private enum Phase { IDLE, CONNECTING, HANDSHAKING, CONNECTED, STOPPED }

    private final Vertx vertx;
    private final LinkSettings settings;
    private final Consumer<XmlElement> inbound;
    /** Told the stanzas still in the backlog when the socket closes (the link may requeue them elsewhere). */
    private final Consumer<List<String>> orphans;
    private final Context context;
    private final NetClient client;
    private final Backoff backoff;
    private final Backlog backlog;

    // Owned by the event loop of `context`.
    private Phase phase = Phase.IDLE;
    private NetSocket socket;
    private StreamParser parser;
    private long reconnectTimer = -1;
    private long handshakeTimer = -1;
    private long watchTimer = -1;
    private StallWatch watch;
    private volatile long pings; // written on the event loop only
    private CompletableFuture<Void> stopped;

    // Read from any thread.
    private volatile Thread loopThread;
    private volatile boolean connected;
    /** Bytes accepted by a send and not yet handed to the socket: on their way to the event loop plus the backlog. */
    private final AtomicLong pending = new AtomicLong();
    /** Completed (and cleared) once {@link #pending} falls to the limit again, or the socket closes. */
    private final Object drainLock = new Object();
    private CompletableFuture<Void> drain;
    private volatile long handshakes;
    private volatile long stalls;
    private volatile String lastStreamError;
    private volatile CompletableFuture<Void> nextConnection = new CompletableFuture<>();

    /**
     * @param inbound receives every stanza after the handshake, on the connection's event loop; must not block
     */
    public ComponentConnection(Vertx vertx, LinkSettings settings, Consumer<XmlElement> inbound) {
        this(vertx, settings, inbound, lost -> { });
    }

    /**
     * @param orphans receives, on the event loop, untracked stanzas that were accepted but never written because the
     *                socket closed (tracked ones, see {@link #sendTracked}, are reported to their sender instead)
     */
    public ComponentConnection(Vertx vertx, LinkSettings settings, Consumer<XmlElement> inbound, Consumer<List<String>> orphans) {
        this.vertx = vertx;
        this.settings = settings;
        this.inbound = inbound;
        this.orphans = orphans;
        this.context = vertx.getOrCreateContext();
        this.client = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.handshakeTimeout().toMillis()))
                .setTcpNoDelay(true)
                .setTcpKeepAlive(true));
        this.backoff = new Backoff(settings.reconnectMin(), settings.reconnectMax(), ThreadLocalRandom.current());
        this.backlog = new Backlog();
    }

    /** Starts connecting; the link then stays up by itself. */
    public void start() {
        onLoop(() -> {
            if (phase == Phase.IDLE) connect();
        });
    }

    /**
     * Closes the stream politely (RFC 6120 §4.4: send {@code </stream:stream>}, give the server a moment to
     * close its side) and stops reconnecting. Completes when the socket is closed.
     */
    public CompletionStage<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(() -> {
            if (stopped != null) {
                stopped.whenComplete((v, e) -> done.complete(null));
                return;
            }
            stopped = done;
            phase = Phase.STOPPED;
            cancelTimers();
            connected = false;
            if (socket == null) {
                finishStop();
                return;
            }
            NetSocket s = socket;
            parser.stop();
            s.write("</stream:stream>");
            vertx.setTimer(CLOSE_GRACE_MILLIS, id -> closeNow(s)); // the grace is over, read or not
        });
        return done;
    }

    public boolean isConnected() {
        return connected;
    }

    /**
     * True while more than {@code herald.component.max-send-queue-bytes} wait to be written: bulk senders (the outbox
     * consumer, notification sets, MAM pages) wait for {@link #whenWritable()} instead of adding more.
     */
    public boolean congested() {
        return pending.get() > settings.maxSendQueueBytes();
    }

    /** Bytes accepted and not yet handed to the socket (for tests and metrics). */
    public long pendingBytes() {
        return pending.get();
    }

    /**
     * Completes once the link can take more data ({@link #congested()} is false) or the socket closed (the caller
     * then finds {@link #isConnected()} false). Completes on the event loop; never blocks anyone.
     */
    public CompletionStage<Void> whenWritable() {
        if (!congested() || !connected) return CompletableFuture.completedFuture(null);
        CompletableFuture<Void> f;
        synchronized (drainLock) {
            if (drain == null) drain = new CompletableFuture<>();
            f = drain;
        }
        if (!congested() || !connected) signalDrain(); // it drained (or closed) while we registered
        return f;
    }

    private void signalDrain() {
        CompletableFuture<Void> f;
        synchronized (drainLock) {
            f = drain;
            drain = null;
        }
        if (f != null) f.complete(null);
    }

    /** Links closed by the stall detector so far (for tests and metrics). */
    public long stalls() {
        return stalls;
    }

    /** Pings the stall detector has sent so far (for tests and metrics). */
    public long pings() {
        return pings;
    }

    /** Successful handshakes so far; grows by one on every reconnect. */
    public long handshakes() {
        return handshakes;
    }

    /** Completes once the link is (or next becomes) authenticated. */
    public CompletionStage<Void> whenConnected() {
        return nextConnection.minimalCompletionStage();
    }

    /** The condition of the last {@code <stream:error>} the server sent, e.g. "not-authorized"; null if none. */
    public String lastStreamError() {
        return lastStreamError;
    }

    public String jid() {
        return settings.jid();
    }

    /**
     * Sends a stanza; false (and a log line) when the link is down and it was not taken. A stanza taken is written as
     * soon as the socket drains: a live link never drops data (callers that send many wait for {@link #whenWritable}).
     */
    public boolean send(XmlElement stanza) {
        return send(stanza.toXml(), stanza.name(), null);
    }

    /** Sends serialised XML: one or more complete, well-formed stanzas. */
    public boolean send(String xml) {
        return send(xml, "raw", null);
    }

    /**
     * Sends serialised stanzas and tells when they were handed to the socket (true) or discarded because the socket
     * closed first (false, also at once when the link is down). The outbox consumer acknowledges a batch only after
     * true, so that a batch lost with its connection stays in Redis for another try.
     */
    public CompletionStage<Boolean> sendTracked(String xml) {
        CompletableFuture<Boolean> written = new CompletableFuture<>();
        if (!send(xml, "raw", written)) written.complete(false);
        return written;
    }

    private boolean send(String xml, String what, CompletableFuture<Boolean> written) {
        if (!connected) {
            if (written == null) LOG.warnf("Component link %s is down: dropped an outbound %s stanza", settings.jid(), what);
            return false;
        }
        Buffer data = Buffer.buffer(xml);
        pending.addAndGet(data.length());
        onLoop(() -> write(data, what, written));
        return true;
    }

    private void onLoop(Runnable action) {
        if (Thread.currentThread() == loopThread) {
            action.run();
        } else {
            context.runOnContext(v -> {
                loopThread = Thread.currentThread();
                action.run();
            });
        }
    }

    private void connect() {
        phase = Phase.CONNECTING;
        reconnectTimer = -1;
        LOG.debugf("Connecting component %s to %s:%d", settings.jid(), settings.host(), settings.port());
        client.connect(settings.port(), settings.host()).onComplete(ar -> {
            if (phase == Phase.STOPPED) {
                if (ar.succeeded()) ar.result().close();
                return;
            }
            if (ar.failed()) {
                LOG.warnf("Component %s cannot reach the XMPP server at %s:%d: %s", settings.jid(), settings.host(),
                        settings.port(), ar.cause().getMessage());
                scheduleReconnect();
            } else {
                attach(ar.result());
            }
        });
    }

    private void attach(NetSocket s) {
        socket = s;
        phase = Phase.HANDSHAKING;
        parser = new StreamParser(new Listener(s), settings.maxStanzaBytes(), settings.maxDepth());
        StreamParser p = parser;
        s.handler(data -> {
            if (watch != null && s == socket) watch.read(System.nanoTime());
            p.feed(data);
        });
        s.closeHandler(v -> closed(s));
        s.exceptionHandler(e -> LOG.warnf("Component %s socket error: %s", settings.jid(), e.getMessage()));
        s.drainHandler(v -> {
            if (watch != null && s == socket) watch.progress(System.nanoTime());
            flushBacklog(s);
        });
        // XEP-0114 §3: the 'to' of the component's stream header is the component name.
        s.write("<stream:stream xmlns='" + Namespaces.COMPONENT_ACCEPT + "' xmlns:stream='" + Namespaces.STREAMS
                + "' to='" + attrEscape(settings.jid()) + "'>");
        handshakeTimer = vertx.setTimer(Math.max(1, settings.handshakeTimeout().toMillis()), id -> {
            handshakeTimer = -1;
            if (socket == s && phase == Phase.HANDSHAKING) {
                LOG.warnf("Component %s: no handshake reply from %s:%d within %s; closing", settings.jid(),
                        settings.host(), settings.port(), settings.handshakeTimeout());
                s.close();
            }
        });
    }

    private void closed(NetSocket s) {
        if (s != socket) return;
        socket = null;
        parser.stop();
        boolean wasConnected = connected;
        connected = false;
        if (handshakeTimer >= 0) vertx.cancelTimer(handshakeTimer);
        handshakeTimer = -1;
        stopWatching();
        List<Backlog.Entry> unsent = backlog.clear();
        List<String> orphaned = new java.util.ArrayList<>();
        for (Backlog.Entry e : unsent) {
            pending.addAndGet(-e.data().length());
            if (e.written() != null) e.written().complete(false);
            else orphaned.add(e.data().toString());
        }
        signalDrain(); // bulk senders waiting for the socket find the link down and stop
        if (!orphaned.isEmpty()) {
            LOG.warnf("Component %s: %d queued outbound writes not sent before the disconnect; handing them on",
                    settings.jid(), orphaned.size());
            orphans.accept(orphaned);
        }
        if (phase == Phase.STOPPED) {
            finishStop();
            return;
        }
        if (wasConnected) {
            nextConnection = new CompletableFuture<>();
            LOG.warnf("Component %s lost its connection to %s:%d", settings.jid(), settings.host(), settings.port());
        }
        scheduleReconnect();
    }

    private void finishStop() {
        client.close();
        LOG.infof("Component %s link stopped", settings.jid());
        if (stopped != null) stopped.complete(null);
    }

    private void scheduleReconnect() {
        phase = Phase.IDLE;
        long delay = backoff.nextDelayMillis();
        LOG.infof("Component %s reconnecting in %d ms", settings.jid(), delay);
        reconnectTimer = vertx.setTimer(delay, id -> onLoop(() -> {
            if (phase == Phase.IDLE) connect();
        }));
    }

    private void cancelTimers() {
        if (reconnectTimer >= 0) vertx.cancelTimer(reconnectTimer);
        if (handshakeTimer >= 0) vertx.cancelTimer(handshakeTimer);
        reconnectTimer = -1;
        handshakeTimer = -1;
        stopWatching();
    }

    /** Starts the stall detector for the socket just authenticated ({@link StallWatch}). */
    private void startWatching(NetSocket s) {
        if (!settings.watchesStalls()) return;
        watch = new StallWatch(settings.stallTimeout(), settings.pingInterval(), System.nanoTime());
        watchTimer = vertx.setPeriodic(StallWatch.periodMillis(settings.stallTimeout(), settings.pingInterval()),
                id -> onLoop(() -> checkStall(s)));
    }

    private void stopWatching() {
        if (watchTimer >= 0) vertx.cancelTimer(watchTimer);
        watchTimer = -1;
        watch = null;
    }

    private void checkStall(NetSocket s) {
        if (s != socket || watch == null || phase != Phase.CONNECTED) return;
        boolean waiting = !backlog.isEmpty() || s.writeQueueFull();
        switch (watch.check(System.nanoTime(), waiting)) {
            case FINE -> { } // alive: nothing to do until the next check
            // XEP-0199 §4.2: a component pings its server; any answer (a result, or an error if the server has no
            // ping handler) proves it reads. Written straight to the socket: a ping is no stanza for the backlog.
            case PING -> s.write("<iq type='get' from='" + attrEscape(settings.jid()) + "' to='" + attrEscape(serverDomain())
                    + "' id='" + PING_ID_PREFIX + (++pings) + "'><ping xmlns='" + Namespaces.PING + "'/></iq>");
            case WRITE_STALLED -> stalled(s, "nothing could be written for " + settings.stallTimeout() + " while "
                    + (backlog.bytes() > 0 ? backlog.bytes() + " bytes waited" : "the socket's write queue was full")
                    + ": the server does not read");
            case UNANSWERED -> stalled(s, "no answer to a ping within " + settings.stallTimeout());
        }
    }

    /** Closes a stalled socket; {@link #closed} then hands its backlog on and reconnects, as after any loss. */
    private void stalled(NetSocket s, String why) {
        LOG.warnf("Component %s: the link to %s:%d is stalled (%s); closing it to reconnect", settings.jid(),
                settings.host(), settings.port(), why);
        stalls++;
        stopWatching();
        closeNow(s);
    }

    /**
     * NetSocket.close() (and a close through the whole pipeline, which Vert.x's handler intercepts) waits for the
     * queued writes to be flushed, which a server that does not read never allows. A close started from Vert.x's own
     * handler context goes straight to the transport and ends the socket at once, discarding what Netty still holds;
     * the backlog, never handed to Netty, is handed on by closed() as after any loss.
     */
    private static void closeNow(NetSocket s) {
        if (s instanceof NetSocketInternal internal) internal.channelHandlerContext().close();
        else s.close();
    }

    /** The server's own domain, which answers pings: the component's parent domain (pubsub.example.org → example.org). */
    private String serverDomain() {
        int dot = settings.jid().indexOf('.');
        return dot > 0 && dot < settings.jid().length() - 1 ? settings.jid().substring(dot + 1) : settings.jid();
    }

    private void write(Buffer data, String what, CompletableFuture<Boolean> written) {
        NetSocket s = socket;
        if (s == null || !connected) {
            pending.addAndGet(-data.length());
            signalDrain();
            if (written != null) {
                written.complete(false);
            } else {
                LOG.warnf("Component link %s went down: handing on an outbound %s stanza", settings.jid(), what);
                orphans.accept(List.of(data.toString()));
            }
            return;
        }
        // Respect TCP backpressure: once Vert.x's write queue is full, hold data in the backlog until the drain handler.
        if (!backlog.isEmpty() || s.writeQueueFull()) {
            backlog.add(data, written);
            return;
        }
        s.write(data);
        handedOver(data.length(), written);
    }

    private void flushBacklog(NetSocket s) {
        while (s == socket && !backlog.isEmpty() && !s.writeQueueFull()) {
            Backlog.Entry e = backlog.poll();
            s.write(e.data());
            handedOver(e.data().length(), e.written());
        }
    }

    private void handedOver(int bytes, CompletableFuture<Boolean> written) {
        if (watch != null) watch.progress(System.nanoTime());
        long left = pending.addAndGet(-bytes);
        if (written != null) written.complete(true);
        if (left <= settings.maxSendQueueBytes()) signalDrain();
    }

    private void authenticated() {
        if (handshakeTimer >= 0) vertx.cancelTimer(handshakeTimer);
        handshakeTimer = -1;
        phase = Phase.CONNECTED;
        backoff.reset();
        lastStreamError = null;
        handshakes++;
        connected = true;
        startWatching(socket);
        LOG.infof("Component %s connected to %s:%d", settings.jid(), settings.host(), settings.port());
        nextConnection.complete(null);
    }

    /** Sends our stream error, closes our stream and the socket (RFC 6120 §4.9.1.1). */
    private void closeWithStreamError(NetSocket s, String condition) {
        s.write("<stream:error><" + condition + " xmlns='" + Namespaces.STREAM_ERRORS + "'/></stream:error></stream:stream>");
        s.end();
    }

    private static String attrEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&apos;").replace("\"", "&quot;");
    }

    /** Reacts to what the server sends on one socket; events from an old socket are ignored. */
    private final class Listener implements StreamListener {
        private final NetSocket s;

        Listener(NetSocket s) {
            this.s = s;
        }

        @Override
        public void streamOpened(StreamHeader header) {
            if (s != socket) return;
            String id = header.id();
            if (id == null || id.isEmpty()) {
                LOG.warnf("Component %s: server stream header has no id; cannot hand-shake", settings.jid());
                closeWithStreamError(s, "invalid-id");
                return;
            }
            // XEP-0114 §3: the handshake proves knowledge of the secret without sending it.
            s.write("<handshake>" + Handshake.digest(id, settings.secret()) + "</handshake>");
        }

        @Override
        public void stanza(XmlElement stanza) {
            if (s != socket) return;
            if (stanza.is("error", Namespaces.STREAMS)) {
                streamErrorFromServer(stanza);
            } else if (phase == Phase.HANDSHAKING) {
                if (stanza.is("handshake", Namespaces.COMPONENT_ACCEPT)) {
                    authenticated();
                } else {
                    LOG.debugf("Component %s: ignoring <%s/> before the handshake completed", settings.jid(), stanza.name());
                }
            } else if (phase == Phase.CONNECTED) {
                if (isPingAnswer(stanza)) return; // it has done its job by arriving (StallWatch#read)
                try {
                    inbound.accept(stanza);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Component %s: inbound stanza handling failed", settings.jid());
                }
            }
        }

        private boolean isPingAnswer(XmlElement stanza) {
            String id = stanza.attr("id");
            String type = stanza.attr("type");
            return stanza.name().equals("iq") && id != null && id.startsWith(PING_ID_PREFIX)
                    && ("result".equals(type) || "error".equals(type));
        }

        private void streamErrorFromServer(XmlElement error) {
            String condition = "undefined-condition";
            String text = null;
            for (XmlElement c : error.children()) {
                if (!Namespaces.STREAM_ERRORS.equals(c.namespace())) continue;
                if (c.name().equals("text")) text = c.text();
                else condition = c.name();
            }
            lastStreamError = condition;
            String hint = switch (condition) {
                case "not-authorized" -> " (the secret does not match the server's component secret)";
                case "conflict" -> " (another process is already connected as this component)";
                case "host-unknown", "improper-addressing" -> " (the server has no component of this name)";
                default -> "";
            };
            LOG.errorf("Component %s: the server at %s:%d closed the stream with <%s/>%s%s", settings.jid(),
                    settings.host(), settings.port(), condition, hint, text == null ? "" : ": " + text);
            s.write("</stream:stream>");
            s.end();
        }

        @Override
        public void stanzaTooDeep(XmlElement outermost, String detail) {
            if (s != socket) return;
            if (phase != Phase.CONNECTED) {
                streamError(StreamErrorException.POLICY_VIOLATION, detail);
                return;
            }
            LOG.debugf("Component %s: refused a <%s/> from %s: %s", settings.jid(), outermost.name(), outermost.attr("from"), detail);
            // RFC 6120 §8.2.3: a request gets an error reply; never answer an error or a result, nor a message or
            // presence (they are dropped: nothing expects a reply)
            String type = outermost.attr("type");
            if (outermost.name().equals("iq") && ("get".equals(type) || "set".equals(type))) {
                send(StanzaErrors.error(outermost, StanzaErrorType.MODIFY, "bad-request", null, "payload " + detail));
            }
        }

        @Override
        public void streamClosed() {
            if (s != socket) return;
            LOG.infof("Component %s: the server closed the stream", settings.jid());
            // RFC 6120 §4.4: answer the closing tag with ours, then close TCP.
            s.write("</stream:stream>");
            s.end();
        }

        @Override
        public void streamError(String condition, String detail) {
            if (s != socket) return;
            LOG.warnf("Component %s: closing the stream with <%s/>: %s", settings.jid(), condition, detail);
            closeWithStreamError(s, condition);
        }
    }
}
