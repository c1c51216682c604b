package org.herald.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import org.herald.testsupport.InjectProsody;
import org.herald.testsupport.Prosody;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.XmppClients;
import org.herald.xmpp.component.ComponentLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * links=one with Redis unreachable from the start (a closed port): no lease can be taken, yet after one lease lifetime
 * the instance connects without it (the XMPP server admits one connection per component anyway), so a lone Herald
 * whose Redis is down still serves XMPP: a subscriber gets its notification.
 */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
@TestProfile(LinkWithoutRedisTest.RedisUnreachable.class)
class LinkWithoutRedisTest {
    public static class RedisUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + closedPort() + "/0",
                    "herald.component.lease-ttl", "2s", "herald.geo.redis-timeout", "300ms");
        }

        private static int closedPort() {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

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
    }

    @Test
    void aLoneInstanceConnectsWithoutTheLeaseWhenRedisStaysUnreachable() {
        await().atMost(Duration.ofSeconds(30)).until(link::isConnected);
        assertThat(lease.holding()).isTrue();

        clients = new XmppClients(prosody);
        SubscribedNode node = SubscribedNode.create(clients, "no-redis-");
        Notifications got = node.got();
        node.publish("one");
        got.awaitAll(List.of("one"));
        assertThat(got.counts).containsOnlyKeys("one").allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    }
}
