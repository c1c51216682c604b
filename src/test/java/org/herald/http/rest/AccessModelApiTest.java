package org.herald.http.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.herald.http.rest.RestFixture.anonymous;
import static org.herald.http.rest.RestFixture.as;
import static org.herald.http.rest.RestFixture.create;
import static org.herald.http.rest.RestFixture.node;
import static org.herald.http.rest.RestFixture.nodeName;
import static org.herald.http.rest.RestFixture.publishJson;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.herald.testsupport.HttpTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Access models hold over HTTP exactly as over XMPP (XEP-0060 §4.5): an open node's items are readable without a
 * token; a whitelist node's are not (401 anonymous, 403 for a token of a non-member), on every read path.
 */
@QuarkusTest
class AccessModelApiTest {
    @Inject
    HttpTokens tokens;

    String alice;
    String bob;

    @BeforeEach
    void tokens() {
        alice = tokens.issue("alice@localhost");
        bob = tokens.issue("bob@localhost");
    }

    @Test
    void anOpenNodesItemsAreReadableAnonymously() {
        String id = nodeName("open");
        create(alice, id, "{\"access_model\":\"open\"}");
        publishJson(alice, id, "one", "{\"hello\":\"world\"}");
        anonymous().get(node(id) + "/items").then().statusCode(200).body("items[0].payload.hello", equalTo("world"));
        anonymous().get(node(id) + "/items/one").then().statusCode(200);
        as(bob).get(node(id) + "/items").then().statusCode(200).body("count", equalTo(1));
    }

    @Test
    void aWhitelistNodesItemsAreNot() {
        String id = nodeName("whitelist");
        create(alice, id, "{\"access_model\":\"whitelist\"}");
        publishJson(alice, id, "one", "{\"secret\":true}");

        for (String path : new String[] {"/items", "/items/one"}) {
            anonymous().get(node(id) + path).then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", startsWith("Bearer")).body("pubsubCondition", equalTo("closed-node"));
            as(bob).get(node(id) + path).then().statusCode(403).body("pubsubCondition", equalTo("closed-node"));
            as(alice).get(node(id) + path).then().statusCode(200);
        }
        as(bob).contentType(ContentType.JSON).body("{}").post(node(id) + "/subscriptions").then().statusCode(403);
        as(bob).get(node(id)).then().statusCode(200).body("readable", equalTo(false));

        // Once a member, bob reads.
        as(alice).contentType(ContentType.JSON).body("{\"affiliations\":[{\"jid\":\"bob@localhost\",\"affiliation\":\"member\"}]}")
                .patch(node(id) + "/affiliations").then().statusCode(200);
        as(bob).get(node(id) + "/items").then().statusCode(200).body("items[0].payload.secret", equalTo(true));
        as(bob).get(node(id)).then().statusCode(200).body("readable", equalTo(true));
    }
}
