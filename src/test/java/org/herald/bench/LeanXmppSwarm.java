package org.herald.bench;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many anonymous XMPP clients on a few Vert.x event loops (Smack needs threads per connection; 1,000 of them would
 * measure Smack). Each logs in to {@code anon.<domain>} (SASL ANONYMOUS, RFC 6120 §6 and XEP-0175), binds a
 * resource, subscribes its full JID to one node (XEP-0060 §6.1) and then only counts notifications: it finds
 * {@code <item id='f<seq>'} in each {@code <message>} and records the arrival. No XML parser: Prosody serialises
 * what it routes in a stable form, and the benchmark controls every payload.
 */
final class LeanXmppSwarm implements AutoCloseable {
    private final Vertx vertx;
    private final NetClient net;
    private final String host;
    private final int port;
    private final String anonDomain;
    private final String service;
    private final String node;
    private final Deliveries deliveries;
    private final List<NetSocket> sockets = new ArrayList<>();
    final AtomicInteger subscribed = new AtomicInteger();

    LeanXmppSwarm(Vertx vertx, String host, int port, String anonDomain, String service, String node, Deliveries deliveries) {
        this.vertx = vertx;
        this.net = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(10_000));
        this.host = host;
        this.port = port;
        this.anonDomain = anonDomain;
        this.service = service;
        this.node = node;
        this.deliveries = deliveries;
    }

    /** Connects and subscribes {@code n} clients, {@code parallel} handshakes at a time; fails on the first error. */
    void connect(int n, int parallel, Duration atMost) throws Exception {
        Opening.bounded("XMPP logins", n, parallel, atMost, this::open);
    }

    private void open(Promise<Void> ready) {
        net.connect(port, host).onFailure(ready::tryFail).onSuccess(socket -> {
            synchronized (sockets) {
                sockets.add(socket);
            }
            Client c = new Client(socket, ready);
            socket.handler(c::onData);
            socket.exceptionHandler(ready::tryFail);
            socket.closeHandler(v -> ready.tryFail("closed by the server during login"));
            c.openStream();
        });
    }

    /** One connection's login state machine, then its notification scanner. */
    private final class Client {
        private final NetSocket socket;
        private final Promise<Void> ready;
        private final StringBuilder in = new StringBuilder();
        private final java.util.BitSet seen = new java.util.BitSet();
        private int state; // 0 features, 1 auth result, 2 features after restart, 3 bind result, 4 subscribe result, 5 live
        private String jid;

        Client(NetSocket socket, Promise<Void> ready) {
            this.socket = socket;
            this.ready = ready;
        }

        void openStream() {
            send("<?xml version='1.0'?><stream:stream to='" + anonDomain + "' xmlns='jabber:client' "
                    + "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>");
        }

        void send(String s) {
            socket.write(Buffer.buffer(s.getBytes(StandardCharsets.UTF_8)));
        }

        void onData(Buffer data) {
            long now = System.nanoTime();
            // Latin-1 keeps one char per byte: every marker looked for is ASCII, and a split UTF-8 sequence is harmless.
            in.append(data.toString(StandardCharsets.ISO_8859_1));
            if (state == 5) {
                scanNotifications(now);
                return;
            }
            switch (state) {
                case 0 -> {
                    if (in.indexOf("</stream:features>") < 0) return;
                    in.setLength(0);
                    state = 1;
                    send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
                }
                case 1 -> {
                    if (in.indexOf("<failure") >= 0) {
                        ready.tryFail("SASL ANONYMOUS refused: " + in);
                        return;
                    }
                    if (in.indexOf("<success") < 0) return;
                    in.setLength(0);
                    state = 2;
                    openStream();
                }
                case 2 -> {
                    if (in.indexOf("</stream:features>") < 0) return;
                    in.setLength(0);
                    state = 3;
                    send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
                }
                case 3 -> {
                    int end = in.indexOf("</jid>");
                    if (end < 0) return;
                    jid = in.substring(in.indexOf("<jid>") + 5, end);
                    in.setLength(0);
                    state = 4;
                    send("<iq type='set' id='sub' to='" + service + "'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                            + "<subscribe node='" + node + "' jid='" + jid + "'/></pubsub></iq>");
                }
                case 4 -> {
                    int iq = Math.max(in.indexOf("id='sub'"), in.indexOf("id=\"sub\""));
                    if (iq < 0 || in.indexOf("</iq>", iq) < 0 && in.indexOf("/>", iq) < 0) return;
                    if (in.indexOf("type='error'") >= 0 || in.indexOf("type=\"error\"") >= 0) {
                        ready.tryFail("subscribe refused: " + in);
                        return;
                    }
                    in.setLength(0);
                    state = 5;
                    socket.closeHandler(null);
                    subscribed.incrementAndGet();
                    ready.tryComplete();
                }
                default -> throw new IllegalStateException("state " + state);
            }
        }

        /** Records every complete {@code <item id='f<seq>'} of the messages received so far; keeps a partial tail. */
        private void scanNotifications(long now) {
            int end = in.lastIndexOf("</message>");
            if (end < 0) return;
            int limit = end + "</message>".length();
            int at = 0;
            while ((at = in.indexOf("<item ", at)) >= 0 && at < limit) {
                int tagEnd = in.indexOf(">", at);
                int id = indexOfId(at, tagEnd);
                if (id >= 0) {
                    int seq = ItemIds.digitsAt(in, id);
                    if (seq >= 0 && seen.get(seq)) {
                        deliveries.duplicate();
                    } else if (seq >= 0) {
                        seen.set(seq);
                        deliveries.record(seq, now);
                    }
                }
                at = tagEnd < 0 ? limit : tagEnd;
            }
            in.delete(0, limit);
        }

        private int indexOfId(int from, int to) {
            for (String marker : new String[] {" id='" + ItemIds.PREFIX, " id=\"" + ItemIds.PREFIX}) {
                int i = in.indexOf(marker, from);
                if (i >= 0 && (to < 0 || i < to)) return i + marker.length();
            }
            return -1;
        }
    }

    @Override
    public void close() {
        synchronized (sockets) {
            sockets.forEach(s -> s.write("</stream:stream>").onComplete(r -> s.close()));
        }
        net.close();
    }
}
