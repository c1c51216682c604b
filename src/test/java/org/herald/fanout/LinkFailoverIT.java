package org.herald.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.herald.testsupport.Prosody;
import org.herald.testsupport.PubSubClient;
import org.herald.testsupport.XmppClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #6 on Prosody, which accepts one connection per component: two Herald processes ({@code links=one}) share
 * PostgreSQL, Redis and the component JID. One holds the link (the Redis lease); items published over REST on the
 * other reach a Smack subscriber exactly once, through the XMPP outbox. Killing the holder (SIGKILL) during a
 * publish burst moves the link to the survivor within seconds; every acknowledged item is in PostgreSQL and reaches
 * the subscriber — including those published while no instance held the link, which wait in the outbox.
 */
class LinkFailoverIT {
    static final String DOMAIN = "localhost";
    static final String COMPONENT = "pubsub." + DOMAIN;
    static final Path LOGS = Path.of("target", "link-failover-it");
    static final Duration START_UP = Duration.ofSeconds(60);

    Prosody prosody;
    XmppClients clients;
    final List<ClusterMember> members = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        members.forEach(ClusterMember::close);
        if (clients != null) clients.close();
        if (prosody != null) prosody.close();
    }

    ClusterMember member(String name, String prefix, String owner) throws Exception {
        ClusterMember m = ClusterMember.start(name, LOGS, prosody.host(), prosody.componentPort(), COMPONENT,
                prosody.componentSecret(COMPONENT), prefix, owner, "herald.component.links", "one");
        members.add(m);
        return m;
    }

    static String payload(String id) {
        return "<entry xmlns='http://www.w3.org/2005/Atom'><title>" + id + "</title></entry>";
    }

    @Test
    void oneInstanceHoldsTheLinkAndTheOtherTakesItOverWhenTheHolderIsKilled() throws Exception {
        prosody = Prosody.start(DOMAIN, COMPONENT);
        clients = new XmppClients(prosody);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        PubSubClient owner = new PubSubClient(clients.connect("owner-" + suffix), COMPONENT);
        PubSubClient subscriber = new PubSubClient(clients.connect("sub-" + suffix), COMPONENT);
        String prefix = "link:it-" + suffix + ":";
        ClusterMember a = member("a", prefix, owner.bareJid());
        ClusterMember b = member("b", prefix, owner.bareJid());
        a.process.awaitServing(owner.connection, COMPONENT, START_UP);
        await("both instances up, exactly one holding the link").atMost(START_UP).pollInterval(Duration.ofMillis(200))
                .until(() -> a.metric("herald_xmpp_link_holder", "") >= 0 && b.metric("herald_xmpp_link_holder", "") >= 0
                        && (a.holdsLink() ? 1 : 0) + (b.holdsLink() ? 1 : 0) == 1);
        ClusterMember holder = a.holdsLink() ? a : b;
        ClusterMember standby = holder == a ? b : a;
        // The standby never even tried: Prosody would have refused it (<conflict/>), and it never connected.
        assertThat(standby.metric("herald_xmpp_link_handshakes_total", "")).isZero();
        assertThat(standby.process.logText()).doesNotContain("<conflict/>");

        String node = "cluster-" + suffix;
        owner.set(createKeepingItems(node));
        subscriber.set("<subscribe node='" + node + "' jid='" + subscriber.jid() + "'/>");

        // --- Items published on the instance WITHOUT the link reach the subscriber exactly once each.
        List<String> first = IntStream.range(0, 20).mapToObj(i -> "first-" + i).toList();
        for (String id : first) assertThat(standby.publish(node, id, payload(id))).as("PUT %s", id).isEqualTo(200);
        Notifications got = new Notifications(subscriber);
        got.awaitAll(first);
        // A last item, awaited too: anything sent twice before it would have arrived before it.
        assertThat(standby.publish(node, "first-end", payload("first-end"))).isEqualTo(200);
        got.awaitAll(List.of("first-end"));
        assertThat(got.counts).hasSize(21).allSatisfy((id, n) -> assertThat(n).as("deliveries of %s", id).isEqualTo(1));
        assertThat(standby.metric("herald_xmpp_outbox_notifications_total", "")).isEqualTo(21.0);
        assertThat(holder.metric("herald_xmpp_outbox_batches_total", "result=\"sent\"")).isGreaterThanOrEqualTo(21.0);
        System.out.printf("LinkFailoverIT: outbox lag (queued on the standby → sent by the holder) p50 %.1f ms, max %.1f ms%n",
                1000 * holder.metric("herald_xmpp_outbox_lag_seconds", "quantile=\"0.5\""),
                1000 * holder.metric("herald_xmpp_outbox_lag_seconds_max", ""));

        // --- Kill -9 the holder during a publish burst on the survivor.
        Burst burst = new Burst(standby, node);
        Thread publisher = new Thread(burst, "burst");
        publisher.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> burst.acked.size() >= 20);
        long killedAt = System.nanoTime();
        holder.process.killHard();
        await("the survivor takes the link").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(standby::holdsLink);
        long switchedAt = System.nanoTime();
        int ackedAtSwitch = burst.acked.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> burst.acked.size() >= ackedAtSwitch + 20);
        burst.stop = true;
        publisher.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(burst.failed).as("publishes the survivor refused").isEmpty();
        List<String> acked = burst.acked.stream().map(Ack::id).toList();
        for (String id : acked) assertThat(standby.itemStatus(node, id)).as("%s in PostgreSQL", id).isEqualTo(200);
        got.awaitAll(acked);

        long inGap = burst.acked.stream().filter(x -> x.at() >= killedAt && x.at() <= switchedAt).count();
        System.out.printf("LinkFailoverIT: link moved %d ms after the kill; %d items acknowledged in the burst, %d of them "
                        + "while no instance held the link, all delivered; %d duplicate notifications%n",
                TimeUnit.NANOSECONDS.toMillis(switchedAt - killedAt), acked.size(), inGap, got.duplicates());
        assertThat(inGap).as("items published while no instance held the link").isPositive();
        assertThat(Duration.ofNanos(switchedAt - killedAt)).isLessThan(Duration.ofSeconds(15));
    }

    /** Creates a node that keeps every item of the test (the default pubsub#max_items would drop the oldest). */
    static String createKeepingItems(String node) {
        return "<create node='" + node + "'/><configure><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#node_config</value></field>"
                + "<field var='pubsub#max_items'><value>1000</value></field></x></configure>";
    }

    record Ack(String id, long at) {
    }

    /** Publishes one item every 20 ms until stopped, recording what was acknowledged and when. */
    static final class Burst implements Runnable {
        final ClusterMember target;
        final String node;
        final List<Ack> acked = new CopyOnWriteArrayList<>();
        final List<String> failed = new CopyOnWriteArrayList<>();
        volatile boolean stop;

        Burst(ClusterMember target, String node) {
            this.target = target;
            this.node = node;
        }

        @Override
        public void run() {
            for (int i = 0; !stop; i++) {
                String id = "burst-" + i;
                int status = target.publish(node, id, payload(id));
                if (status == 200) acked.add(new Ack(id, System.nanoTime()));
                else failed.add(id + "=" + status);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // pacing of the load, not a wait for an outcome
            }
        }
    }
}
