package org.herald.xmpp.pubsub;

import static org.awaitility.Awaitility.await;

import jakarta.inject.Inject;
import org.herald.testsupport.InjectProsody;
import org.herald.testsupport.Prosody;
import org.herald.testsupport.PubSubClient;
import org.herald.xmpp.component.ComponentLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every end-to-end pubsub test starts from: Herald connected to the test class's Prosody, and two fresh
 * users. Subclasses carry {@code @QuarkusTest @WithTestResource(ProsodyResource.class)}.
 */
abstract class EndToEnd {
    @InjectProsody
    Prosody prosody;

    @Inject
    ComponentLink link;

    PubSubFixture fx;
    /** Usually the node owner. */
    PubSubClient hamlet;
    /** Usually a stranger or subscriber. */
    PubSubClient horatio;

    @BeforeEach
    void connectUsers() {
        await().atMost(PubSubClient.TIMEOUT).until(link::isConnected);
        fx = new PubSubFixture(prosody);
        hamlet = fx.user();
        horatio = fx.user();
    }

    @AfterEach
    void disconnectUsers() {
        fx.close();
    }
}
