package org.herald.xmpp.pubsub;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.PubSubClient;
import org.junit.jupiter.api.Test;

/** What a Kubernetes probe sees once Herald is attached to its XMPP server. */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
class ReadinessTest extends EndToEnd {
    @Test
    void readyWhenTheComponentLinkIsUp() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("XMPP component link"))
                .body("checks.find { it.name == 'XMPP component link' }.data.jid", equalTo(ProsodyResource.COMPONENT));
    }

    @Test
    void notReadyWhileTheXmppServerIsGoneAndReadyAgainAfter() {
        prosody.stop();
        try {
            await().atMost(PubSubClient.TIMEOUT).untilAsserted(() ->
                    given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN")));
            // liveness is not the link's business: restarting Herald would not bring the server back
            given().when().get("/q/health/live").then().statusCode(200);
        } finally {
            prosody.start();
        }
        await().atMost(PubSubClient.TIMEOUT).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }
}
