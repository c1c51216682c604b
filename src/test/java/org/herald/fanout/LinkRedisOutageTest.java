package org.herald.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.herald.testsupport.InjectProsody;
import org.herald.testsupport.Prosody;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.RedisServer;
import org.herald.testsupport.XmppClients;
import org.herald.xmpp.component.ComponentLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * links=one while Redis is down: the holder keeps its link (Prosody would refuse a second connection anyway) and
 * sends what it would have queued in the outbox itself; when Redis comes back empty it takes its lease back
 * without dropping the link.
 */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
@WithTestResource(PrivateRedisResource.class)
class LinkRedisOutageTest {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    @InjectProsody
    Prosody prosody;

    @Inject
    ComponentLink link;

    @Inject
    LinkLease lease;

    XmppClients clients;

    @AfterEach
    void close() {
        if (clients != null) clients.close();
        RedisServer redis = PrivateRedisResource.redis();
        if (!redis.isRunning()) redis.restart();
    }

    @Test
    void theHolderKeepsItsLinkAndSendsDirectlyWhileRedisIsDown() {
        await().atMost(TIMEOUT).until(() -> lease.holding() && link.isConnected());
        clients = new XmppClients(prosody);
        SubscribedNode node = SubscribedNode.create(clients, "outage-");
        Notifications got = node.got();
        node.publish("before");
        got.awaitAll(List.of("before")); // through the outbox (batch size 1)
        long handshakes = link.handshakes();

        PrivateRedisResource.redis().kill();
        // The lease cannot be renewed for longer than its lifetime: the link stays up all along.
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(9)).until(link::isConnected); // ttl 5 s
        node.publish("during");
        got.awaitAll(List.of("during")); // the outbox failed: sent directly

        PrivateRedisResource.redis().restart(); // empty: no lease, no outbox, no group
        node.publish("after");
        got.awaitAll(List.of("after"));
        await().atMost(TIMEOUT).until(lease::holding);
        assertThat(link.handshakes()).as("the link never dropped").isEqualTo(handshakes);
        assertThat(got.counts).containsOnlyKeys("before", "during", "after").allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    }
}
