package org.herald.http.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.herald.http.rest.RestFixture.anonymous;
import static org.herald.http.rest.RestFixture.as;
import static org.herald.http.rest.RestFixture.create;
import static org.herald.http.rest.RestFixture.node;
import static org.herald.http.rest.RestFixture.nodeName;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.herald.testsupport.HttpTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Subscriptions and affiliations over REST (XEP-0060 §5.6, §5.7, §6.1, §6.2, §8.8, §8.9). */
@QuarkusTest
class SubscriptionsApiTest {
    @Inject
    HttpTokens tokens;

    String alice;
    String bob;
    String carol;
    String id;

    @BeforeEach
    void newNode() {
        alice = tokens.issue("alice@localhost");
        bob = tokens.issue("bob@localhost");
        carol = tokens.issue("carol@localhost");
        id = nodeName("subs");
        create(alice, id, null);
    }

    String subs() {
        return node(id) + "/subscriptions";
    }

    @Test
    void aUserSubscribesListsAndUnsubscribes() {
        Response created = as(bob).contentType(ContentType.JSON).body("{}").post(subs());
        created.then().statusCode(201).body("jid", equalTo("bob@localhost")).body("state", equalTo("subscribed"))
                .body("subid", notNullValue()).body("options.deliver", equalTo(true)).body("node", equalTo(id));
        String subId = created.path("subid");

        as(bob).get("/api/v1/subscriptions").then().statusCode(200).body("subscriptions.subid", hasItem(subId))
                .body("subscriptions.find { it.subid == '" + subId + "' }.node", equalTo(id));
        as(alice).get(subs()).then().statusCode(200).body("subscriptions.jid", hasItem("bob@localhost"));
        anonymous().get(node(id)).then().body("subscribers", equalTo(1));

        as(carol).delete(created.header("Location")).then().statusCode(404).body("pubsubCondition", equalTo("not-subscribed"));
        as(bob).delete(created.header("Location")).then().statusCode(204);
        as(bob).get("/api/v1/subscriptions").then().statusCode(200).body("subscriptions.subid", not(hasItem(subId)));
        as(bob).delete(created.header("Location")).then().statusCode(404);
    }

    @Test
    void aSubscriptionMayCarryOptionsAndAFullJid() {
        as(bob).contentType(ContentType.JSON)
                .body("{\"jid\":\"bob@localhost/desk\",\"options\":{\"deliver\":false,\"include_body\":true}}").post(subs())
                .then().statusCode(201).body("jid", equalTo("bob@localhost/desk"))
                .body("options.deliver", equalTo(false)).body("options.include_body", equalTo(true));
        as(bob).contentType(ContentType.JSON).body("{\"options\":{\"deliver\":\"perhaps\"}}").post(subs())
                .then().statusCode(422).body("field", equalTo("options.deliver"));
        as(bob).contentType(ContentType.JSON).body("{\"options\":{\"no_such_option\":1}}").post(subs())
                .then().statusCode(422).body("field", equalTo("options.no_such_option"));
        // Only one's own JIDs (§6.1.3.1).
        as(bob).contentType(ContentType.JSON).body("{\"jid\":\"carol@localhost\"}").post(subs())
                .then().statusCode(422).body("pubsubCondition", equalTo("invalid-jid"));
        as(bob).contentType(ContentType.JSON).body("{\"jid\":\"@@\"}").post(subs())
                .then().statusCode(422).body("field", equalTo("jid"));
        anonymous().contentType(ContentType.JSON).body("{}").post(subs()).then().statusCode(401);
        as(bob).contentType(ContentType.JSON).body("{}").post(node(nodeName("none")) + "/subscriptions").then().statusCode(404);
    }

    @Test
    void theOwnerManagesSubscriptionsAllOrNothing() {
        String subId = as(bob).contentType(ContentType.JSON).body("{}").post(subs()).then().statusCode(201).extract().path("subid");
        as(bob).get(subs()).then().statusCode(403);
        anonymous().get(subs()).then().statusCode(401);
        as(bob).contentType(ContentType.JSON).body("{\"subscriptions\":[]}").patch(subs()).then().statusCode(403);

        // The second entry is invalid (a new subscription cannot be "pending"), so the first is not applied either.
        as(alice).contentType(ContentType.JSON)
                .body("{\"subscriptions\":[{\"jid\":\"bob@localhost\",\"subid\":\"" + subId + "\",\"state\":\"none\"},"
                        + "{\"jid\":\"carol@localhost\",\"state\":\"pending\"}]}")
                .patch(subs()).then().statusCode(422).body("field", equalTo("subscriptions[1]"));
        as(alice).get(subs()).then().statusCode(200).body("subscriptions.subid", hasItem(subId));

        as(alice).contentType(ContentType.JSON).body("{\"subscriptions\":[{\"jid\":\"bob@localhost\",\"state\":\"gone\"}]}")
                .patch(subs()).then().statusCode(422).body("field", equalTo("subscriptions[0].state"));
        as(alice).contentType(ContentType.JSON)
                .body("{\"subscriptions\":[{\"jid\":\"bob@localhost\",\"subid\":\"" + subId + "\",\"state\":\"none\"},"
                        + "{\"jid\":\"carol@localhost\",\"state\":\"subscribed\"}]}")
                .patch(subs()).then().statusCode(200)
                .body("subscriptions.jid", equalTo(java.util.List.of("carol@localhost")));
    }

    @Test
    void theOwnerManagesAffiliationsAndOutcastsAreShutOut() {
        as(alice).get(node(id) + "/affiliations").then().statusCode(200)
                .body("affiliations", hasSize(1)).body("affiliations[0].jid", equalTo("alice@localhost"))
                .body("affiliations[0].affiliation", equalTo("owner"));
        as(bob).get(node(id) + "/affiliations").then().statusCode(403);
        as(bob).contentType(ContentType.JSON).body("{\"affiliations\":[{\"jid\":\"bob@localhost\",\"affiliation\":\"owner\"}]}")
                .patch(node(id) + "/affiliations").then().statusCode(403);

        as(bob).contentType(ContentType.JSON).body("{}").post(subs()).then().statusCode(201);
        as(alice).contentType(ContentType.JSON)
                .body("{\"affiliations\":[{\"jid\":\"bob@localhost\",\"affiliation\":\"outcast\"},"
                        + "{\"jid\":\"carol@localhost\",\"affiliation\":\"publisher\"}]}")
                .patch(node(id) + "/affiliations").then().statusCode(200)
                .body("affiliations.find { it.jid == 'bob@localhost' }.affiliation", equalTo("outcast"))
                .body("affiliations.find { it.jid == 'carol@localhost' }.affiliation", equalTo("publisher"));
        as(alice).contentType(ContentType.JSON).body("{\"affiliations\":[{\"jid\":\"bob@localhost\",\"affiliation\":\"king\"}]}")
                .patch(node(id) + "/affiliations").then().statusCode(422).body("field", equalTo("affiliations[0].affiliation"));

        // The outcast lost the subscription and may neither read, subscribe nor publish; the publisher may publish.
        as(alice).get(subs()).then().body("subscriptions.jid", not(hasItem("bob@localhost")));
        as(bob).get(node(id) + "/items").then().statusCode(403);
        as(bob).contentType(ContentType.JSON).body("{}").post(subs()).then().statusCode(403);
        as(bob).contentType(ContentType.JSON).body("{}").post(node(id) + "/items").then().statusCode(403);
        as(carol).contentType(ContentType.JSON).body("{}").post(node(id) + "/items").then().statusCode(201);

        as(carol).get("/api/v1/affiliations").then().statusCode(200)
                .body("affiliations.find { it.node == '" + id + "' }.affiliation", equalTo("publisher"));
        anonymous().get("/api/v1/affiliations").then().statusCode(401);
        anonymous().get("/api/v1/subscriptions").then().statusCode(401);
    }
}
