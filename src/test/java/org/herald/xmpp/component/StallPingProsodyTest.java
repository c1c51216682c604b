package org.herald.xmpp.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import org.herald.testsupport.InjectProsody;
import org.herald.testsupport.Prosody;
import org.herald.testsupport.ProsodyResource;
import org.junit.jupiter.api.Test;

/**
 * The stall detector's ping against a real Prosody: the server answers the component's XEP-0199 pings to its
 * domain, so an idle link pinged every 300 ms stays up (an unanswered ping would close it within the 1 s timeout).
 */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
class StallPingProsodyTest {
    @InjectProsody
    Prosody prosody;

    @Inject
    Vertx vertx;

    @Test
    void prosodyAnswersTheLinksPingsSoAnIdleLinkStaysUp() {
        LinkSettings settings = new LinkSettings(ProsodyResource.SPARE_COMPONENT, prosody.host(), prosody.componentPort(),
                prosody.componentSecret(ProsodyResource.SPARE_COMPONENT), 65536, 16, Duration.ofMillis(100),
                Duration.ofMillis(200), Duration.ofSeconds(5), 65536)
                .withStallDetection(Duration.ofSeconds(1), Duration.ofMillis(300));
        ComponentConnection spare = new ComponentConnection(vertx, settings, stanza -> { }); // ping answers never get here
        try {
            spare.start();
            await().atMost(Duration.ofSeconds(20)).until(spare::isConnected);
            // a ping is sent only after the previous one was answered and 300 ms passed: five pings, four answers
            await().atMost(Duration.ofSeconds(20)).until(() -> spare.pings() >= 5);
            assertThat(spare.stalls()).isZero();
            assertThat(spare.handshakes()).isEqualTo(1);
            assertThat(spare.isConnected()).isTrue();
        } finally {
            spare.stop().toCompletableFuture().join();
        }
    }
}
