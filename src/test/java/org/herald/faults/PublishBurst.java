package org.herald.faults;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.herald.fanout.ClusterMember;
import org.herald.testsupport.PubSubClient;
import org.herald.testsupport.XmlIq;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.DomainBareJid;

/**
 * Publishers hammering one node while a test breaks something: XMPP publishers (each a Smack client sending one
 * publish IQ after the other through Prosody) and REST publishers (PUT over HTTP to whichever Herald
 * {@code restTarget} names at the time). Every attempt ends up in exactly one list: acknowledged (IQ result, HTTP
 * 200), refused (an error answer: what the user saw), or unanswered (no answer within the timeout, or no
 * connection). Item ids are unique, so an acknowledged id must be found in the node afterwards.
 */
final class PublishBurst {
    /** An attempt's outcome; {@code what} is "result", the error ("wait/resource-constraint", "503 ...") or the failure. */
    record Attempt(String id, String via, String what, long at, long tookNanos) {
    }

    final List<Attempt> acked = new CopyOnWriteArrayList<>();
    final List<Attempt> refused = new CopyOnWriteArrayList<>();
    final List<Attempt> unanswered = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final String node;
    private final AtomicInteger budget;
    private final long paceNanos;
    private final Duration timeout;
    private volatile boolean stop;

    /**
     * @param budget the most attempts in all, so the node never drops an item for max_items
     * @param pace the pause after each attempt (zero: as fast as answers come); a failed attempt always waits at least
     *     20 ms, so a down service is not spun against
     * @param timeout how long an attempt may wait for its answer before it counts as unanswered
     */
    PublishBurst(String node, int budget, Duration pace, Duration timeout) {
        this.node = node;
        this.budget = new AtomicInteger(budget);
        this.paceNanos = pace.toNanos();
        this.timeout = timeout;
    }

    static String payload(String id) {
        return "<entry xmlns='http://www.w3.org/2005/Atom'><title>" + id + "</title></entry>";
    }

    /** Starts a publisher on an XMPP client (its reply timeout becomes the burst's). */
    void xmpp(String name, XMPPTCPConnection connection, DomainBareJid service) {
        connection.setReplyTimeout(timeout.toMillis());
        spawn(name, id -> {
            long start = System.nanoTime();
            String inner = "<publish node='" + node + "'><item id='" + id + "'>" + payload(id) + "</item></publish>";
            try {
                connection.sendIqRequestAndWaitForResponse(new XmlIq(IQ.Type.set, service, "pubsub", PubSubClient.PUBSUB, inner));
                return record(acked, id, name, "result", start);
            } catch (XMPPException.XMPPErrorException e) {
                StanzaError error = e.getStanzaError();
                return record(refused, id, name, error.getType().toString() + "/" + error.getCondition(), start);
            } catch (SmackException.NoResponseException e) {
                return record(unanswered, id, name, "no response", start);
            } catch (SmackException e) {
                return record(unanswered, id, name, e.getClass().getSimpleName(), start);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /** Starts a REST publisher, sending to whichever Herald {@code target} names at each attempt. */
    void rest(String name, Supplier<ClusterMember> target) {
        spawn(name, id -> {
            long start = System.nanoTime();
            try {
                HttpResponse<String> r = target.get().put(node, id, payload(id), timeout);
                if (r.statusCode() == 200) return record(acked, id, name, "result", start);
                return record(refused, id, name, r.statusCode() + " " + r.body(), start);
            } catch (HttpTimeoutException e) {
                return record(unanswered, id, name, "no response", start);
            } catch (IOException e) {
                return record(unanswered, id, name, e.getClass().getSimpleName(), start);
            }
        });
    }

    private interface Publisher {
        /** Publishes {@code id}; true when acknowledged. */
        boolean publish(String id);
    }

    private void spawn(String name, Publisher publisher) {
        Thread t = new Thread(() -> {
            for (int i = 0; !stop && budget.getAndDecrement() > 0; i++) {
                boolean ok = publisher.publish(name + "-" + i);
                long pause = ok ? paceNanos : Math.max(paceNanos, TimeUnit.MILLISECONDS.toNanos(20));
                // pacing of the load (and no busy loop against a service that is down), not a wait for an outcome
                if (pause > 0) LockSupport.parkNanos(pause);
            }
        }, "burst-" + name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private static boolean record(List<Attempt> list, String id, String via, String what, long start) {
        long now = System.nanoTime();
        list.add(new Attempt(id, via, what, now, now - start));
        return "result".equals(what);
    }

    /** Acknowledgements by publisher {@code via} answered after {@code since} (System.nanoTime). */
    long ackedSince(String via, long since) {
        return acked.stream().filter(a -> a.via().equals(via) && a.at() > since).count();
    }

    long ackedSince(long since) {
        return acked.stream().filter(a -> a.at() > since).count();
    }

    long refusedSince(long since) {
        return refused.stream().filter(a -> a.at() > since).count();
    }

    /** Whether the budget of attempts is not spent yet (every publisher still running). */
    boolean running() {
        return budget.get() > 0 && !stop;
    }

    /** Stops every publisher after its current attempt and waits for them. */
    void stop() throws InterruptedException {
        stop = true;
        for (Thread t : threads) t.join(timeout.toMillis() + 5000);
    }

    /** Refusals and unanswered attempts counted by what the publisher saw (the body of an HTTP answer cut short). */
    Map<String, Long> failuresByKind() {
        Map<String, Long> kinds = new TreeMap<>();
        for (Attempt a : refused) kinds.merge(a.via().replaceAll("\\d+$", "") + ": " + shorten(a.what()), 1L, Long::sum);
        for (Attempt a : unanswered) kinds.merge(a.via().replaceAll("\\d+$", "") + ": " + a.what(), 1L, Long::sum);
        return kinds;
    }

    private static String shorten(String what) {
        return what.length() > 120 ? what.substring(0, 120) + "…" : what;
    }
}
