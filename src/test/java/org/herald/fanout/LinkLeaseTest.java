package org.herald.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.herald.domain.Jid;
import org.herald.testsupport.ProsodyResource;
import org.herald.xmpp.component.ComponentLink;
import org.herald.xmpp.presence.PresenceTracker;
import org.herald.xmpp.presence.Privileges;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The link lease and the link-state mirror of one instance (links=one), against real Redis and Prosody: the other
 * instances are played by writing to Redis as they would.
 */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
class LinkLeaseTest {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Inject
    ComponentLink link;

    @Inject
    LinkLease lease;

    @Inject
    RedisAPI redis;

    @Inject
    RedisNames names;

    @Inject
    Instance instance;

    @Inject
    PresenceTracker tracker;

    @Inject
    Privileges privileges;

    @BeforeEach
    void holdingTheLink() {
        await().atMost(TIMEOUT).until(() -> lease.holding() && link.isConnected());
    }

    @AfterEach
    void giveTheLeaseBack() {
        String key = names.name("link", "lease");
        String holder = String.valueOf(redis.get(key).await().atMost(TIMEOUT));
        if (!instance.id().equals(holder)) redis.del(List.of(key)).await().atMost(TIMEOUT);
        await().atMost(TIMEOUT).until(() -> lease.holding() && link.isConnected());
    }

    @Test
    void anInstanceThatLosesTheLeaseClosesItsLinkAndTakesAFreeLeaseAgain() {
        String key = names.name("link", "lease");
        assertThat(redis.get(key).await().atMost(TIMEOUT).toString()).isEqualTo(instance.id());
        long handshakes = link.handshakes();

        // Another instance holds the lease now (as after an expiry while this one was stalled): renewing fails.
        redis.set(List.of(key, "another-instance", "PX", "60000")).await().atMost(TIMEOUT);
        await().atMost(TIMEOUT).until(() -> !lease.holding() && !link.isOpen() && !link.isConnected());
        assertThat(lease.holder()).isIn("", "another-instance");

        // The other instance is gone and its lease with it: this one takes the lease and connects again.
        redis.del(List.of(key)).await().atMost(TIMEOUT);
        await().atMost(TIMEOUT).until(() -> lease.holding() && link.isConnected());
        assertThat(link.handshakes()).isGreaterThan(handshakes);
    }

    @Test
    void presenceLearnedOnTheLinkIsWrittenForTheOthersAndTheirsIsMirroredHere() {
        String presenceKey = names.name("link", "presence");
        // Learned here (as PresenceStanzas does on an inbound presence): the copy in Redis follows.
        Jid dave = Jid.parse("dave@localhost/phone");
        tracker.available(dave, "away");
        await().atMost(TIMEOUT).until(() -> "away".equals(String.valueOf(redis.hget(presenceKey, dave.toString()).await().atMost(TIMEOUT))));
        tracker.unavailable(dave);
        await().atMost(TIMEOUT).until(() -> redis.hget(presenceKey, dave.toString()).await().atMost(TIMEOUT) == null);

        // Learned by another instance: applied here from the channel, never written back.
        String channel = names.name("link", "state");
        Jid erin = Jid.parse("erin@localhost/laptop");
        redis.publish(channel, "another-instance\tA\t" + erin + "\tchat").await().atMost(TIMEOUT);
        await().atMost(TIMEOUT).until(() -> tracker.shows(erin).contains("chat"));
        assertThat(redis.hget(presenceKey, erin.toString()).await().atMost(TIMEOUT)).isNull();
        redis.publish(channel, "another-instance\tU\t" + erin).await().atMost(TIMEOUT);
        await().atMost(TIMEOUT).until(() -> tracker.shows(erin).isEmpty());

        // XEP-0356 grants too.
        redis.publish(channel, "another-instance\tG\tmirror.example\tget roster").await().atMost(TIMEOUT);
        await().atMost(TIMEOUT).until(() -> privileges.of("mirror.example").mayGetRoster());
        assertThat(privileges.of("mirror.example").presence()).isEqualTo("roster");
    }
}
