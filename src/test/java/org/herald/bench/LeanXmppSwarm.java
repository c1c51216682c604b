package org.herald.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Many anonymous XMPP clients ({@link LeanXmppConnection}s) on a few Vert.x event loops. Each logs in to an anonymous
 * domain, subscribes its full JID to one or more nodes (XEP-0060 §6.1) and then only counts notifications: it finds
 * {@code <item id='f<seq>'} in each {@code <message>} and records the arrival. The swarm can grow between
 * measurements ({@link #connect} adds clients).
 */
final class LeanXmppSwarm implements AutoCloseable {
    /** A node to follow: its service's JID and its name. */
    record Target(String service, String node) {
    }

    private final NetClient net;
    private final String host;
    private final int port;
    private final String anonDomain;
    private final List<Target> targets;
    private final Deliveries deliveries;
    private final IntSupplier nextSeq;
    private final List<LeanXmppConnection> clients = new ArrayList<>();
    final AtomicInteger subscribed = new AtomicInteger();

    /** One node, every item counted (the fan-out benchmark of issue #6). */
    LeanXmppSwarm(Vertx vertx, String host, int port, String anonDomain, String service, String node, Deliveries deliveries) {
        this(vertx, host, port, anonDomain, List.of(new Target(service, node)), deliveries, () -> 0);
    }

    /**
     * Several nodes per client; a client counts only items numbered from {@code nextSeq} (read as it subscribes) on:
     * a service that sends the last published item to a new subscriber (XEP-0060 §6.1.7) does not add an old item's
     * latency to a later measurement.
     */
    LeanXmppSwarm(Vertx vertx, String host, int port, String anonDomain, List<Target> targets, Deliveries deliveries,
                  IntSupplier nextSeq) {
        this.net = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(10_000));
        this.host = host;
        this.port = port;
        this.anonDomain = anonDomain;
        this.targets = List.copyOf(targets);
        this.deliveries = deliveries;
        this.nextSeq = nextSeq;
    }

    /** Connects and subscribes {@code n} more clients, {@code parallel} logins at a time; fails on the first error. */
    void connect(int n, int parallel, Duration atMost) throws Exception {
        Opening.bounded("XMPP logins", n, parallel, atMost, this::open);
    }

    int size() {
        synchronized (clients) {
            return clients.size();
        }
    }

    private void open(Promise<Void> ready) {
        LeanXmppConnection.open(net, host, port, LeanXmppConnection.Login.anonymous(anonDomain)).compose(c -> {
            synchronized (clients) {
                clients.add(c);
            }
            Counter counter = new Counter(nextSeq.getAsInt());
            c.onMessage(counter::scan);
            Future<String> all = Future.succeededFuture();
            for (Target t : targets) {
                all = all.compose(x -> c.iq("set", t.service(), "<pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                        + "<subscribe node='" + t.node() + "' jid='" + c.jid() + "'/></pubsub>"));
            }
            return all;
        }).onSuccess(x -> subscribed.incrementAndGet()).<Void>mapEmpty().onComplete(ready);
    }

    /** One client's notification counter: records each item id once, from {@code from} on. */
    private final class Counter {
        private final int from;
        private final BitSet seen = new BitSet();

        Counter(int from) {
            this.from = from;
        }

        void scan(CharSequence message, long now) {
            String m = message.toString();
            int at = 0;
            while ((at = m.indexOf("<item ", at)) >= 0) {
                int tagEnd = m.indexOf('>', at);
                int id = indexOfId(m, at, tagEnd);
                if (id >= 0) {
                    int seq = ItemIds.digitsAt(m, id);
                    if (seq >= from) {
                        if (seen.get(seq)) {
                            deliveries.duplicate();
                        } else {
                            seen.set(seq);
                            deliveries.record(seq, now);
                        }
                    }
                }
                at = tagEnd < 0 ? m.length() : tagEnd;
            }
        }

        private int indexOfId(String m, int from, int to) {
            for (String marker : new String[] {" id='" + ItemIds.PREFIX, " id=\"" + ItemIds.PREFIX}) {
                int i = m.indexOf(marker, from);
                if (i >= 0 && (to < 0 || i < to)) return i + marker.length();
            }
            return -1;
        }
    }

    @Override
    public void close() {
        synchronized (clients) {
            clients.forEach(LeanXmppConnection::close);
        }
        net.close();
    }
}
