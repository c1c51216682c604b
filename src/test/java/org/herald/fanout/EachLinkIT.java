package org.herald.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.herald.testsupport.Ejabberd;
import org.herald.testsupport.PubSubClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #6 on ejabberd, which accepts several connections for one component: two Herald processes in
 * {@code links=each} mode are both connected. Smack subscribers get each item exactly once whichever instance
 * published it, and the batches of a large subscriber set (here above a batch size of 3) are shared: both instances
 * send some of them.
 */
class EachLinkIT {
    static final String DOMAIN = "localhost";
    static final String COMPONENT = "pubsub." + DOMAIN;
    static final Path LOGS = Path.of("target", "each-link-it");
    static final Duration START_UP = Duration.ofSeconds(60);
    static final int SUBSCRIBERS = 8;
    static final int BATCH = 3;

    Ejabberd ejabberd;
    final List<ClusterMember> members = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        members.forEach(ClusterMember::close);
        if (ejabberd != null) ejabberd.close();
    }

    ClusterMember member(String name, String prefix, String owner) throws Exception {
        ClusterMember m = ClusterMember.start(name, LOGS, ejabberd.host(), ejabberd.componentPort(), COMPONENT,
                ejabberd.componentSecret(COMPONENT), prefix, owner, "herald.component.links", "each",
                "herald.fanout.batch-size", Integer.toString(BATCH));
        members.add(m);
        return m;
    }

    @Test
    void everyInstanceConnectsAndSubscribersGetEachItemOnceWhoeverPublished() throws Exception {
        ejabberd = Ejabberd.start(DOMAIN, COMPONENT);
        PubSubClient owner = new PubSubClient(ejabberd.connectAnonymous(), COMPONENT);
        List<PubSubClient> subscribers = IntStream.range(0, SUBSCRIBERS)
                .mapToObj(i -> new PubSubClient(ejabberd.connectAnonymous(), COMPONENT)).toList();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String prefix = "link:each-" + suffix + ":";
        ClusterMember a = member("a", prefix, owner.bareJid());
        ClusterMember b = member("b", prefix, owner.bareJid());
        a.process.awaitServing(owner.connection, COMPONENT, START_UP);
        await("both instances connected").atMost(START_UP).pollInterval(Duration.ofMillis(200))
                .until(() -> a.holdsLink() && b.holdsLink());

        String node = "each-" + suffix;
        owner.set(LinkFailoverIT.createKeepingItems(node));
        for (PubSubClient s : subscribers) s.set("<subscribe node='" + node + "' jid='" + s.jid() + "'/>");

        // Items published alternately on both instances; each event has 8 recipients: 3 batches of at most 3.
        List<String> ids = IntStream.range(0, 20).mapToObj(i -> "item-" + i).toList();
        for (int i = 0; i < ids.size(); i++) {
            ClusterMember on = i % 2 == 0 ? a : b;
            assertThat(on.publish(node, ids.get(i), LinkFailoverIT.payload(ids.get(i)))).isEqualTo(200);
        }
        List<String> all = new ArrayList<>(ids);
        all.add("end");
        assertThat(a.publish(node, "end", LinkFailoverIT.payload("end"))).isEqualTo(200);
        for (PubSubClient s : subscribers) {
            Notifications got = new Notifications(s);
            got.awaitAll(all);
            assertThat(got.counts).as("notifications of %s", s.jid()).hasSize(all.size())
                    .allSatisfy((id, n) -> assertThat(n).as("deliveries of %s to %s", id, s.jid()).isEqualTo(1));
        }

        double sentByA = a.metric("herald_xmpp_outbox_batches_total", "result=\"sent\"");
        double sentByB = b.metric("herald_xmpp_outbox_batches_total", "result=\"sent\"");
        System.out.printf("EachLinkIT: %d batches queued, sent by a: %.0f, by b: %.0f%n", all.size() * 3, sentByA, sentByB);
        System.out.printf("EachLinkIT: outbox lag p50 a %.1f ms, b %.1f ms%n",
                1000 * a.metric("herald_xmpp_outbox_lag_seconds", "quantile=\"0.5\""),
                1000 * b.metric("herald_xmpp_outbox_lag_seconds", "quantile=\"0.5\""));
        assertThat(sentByA + sentByB).isEqualTo(all.size() * 3.0);
        assertThat(sentByA).as("batches a sent").isPositive();
        assertThat(sentByB).as("batches b sent").isPositive();
    }
}
