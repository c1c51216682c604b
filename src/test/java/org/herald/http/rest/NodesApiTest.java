package org.herald.http.rest;

import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.herald.http.rest.RestFixture.NODES;
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

/** Nodes over REST: create, read, list, configure, delete, purge (XEP-0060 §5, §8) with their refusals. */
@QuarkusTest
class NodesApiTest {
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
    void anOwnerCreatesANodeWithSlashesInItsIdAndReadsItBack() {
        String id = nodeName("create");
        as(alice).contentType(ContentType.JSON)
                .body("{\"id\":\"" + id + "\",\"config\":{\"title\":\"Weather\",\"max_items\":5,\"notify_retract\":false}}")
                .post(NODES)
                .then().statusCode(201).header("Location", endsWith(node(id)))
                .body("id", equalTo(id)).body("type", equalTo("leaf")).body("readable", equalTo(true))
                .body("owners", hasItem("alice@localhost"))
                .body("config.title", equalTo("Weather")).body("config.max_items", equalTo("5"))
                .body("config.notify_retract", equalTo(false));

        // The id holds '/': percent-encoded as one segment it names the node, here and under its sub-resources.
        anonymous().get(node(id)).then().statusCode(200).body("id", equalTo(id)).body("config.title", equalTo("Weather"))
                .body("subscribers", equalTo(0)).body("creator", equalTo("alice@localhost"));
        as(alice).get(node(id) + "/config").then().statusCode(200).body("access_model", equalTo("open"));
        as(alice).contentType(ContentType.JSON).body("{\"x\":1}").post(node(id) + "/items")
                .then().statusCode(201).header("Location", org.hamcrest.Matchers.containsString(node(id) + "/items/"));
    }

    @Test
    void withoutAnIdTheServiceNamesTheNode() {
        String location = as(alice).contentType(ContentType.JSON).body("{}").post(NODES)
                .then().statusCode(201).body("id", notNullValue()).extract().header("Location");
        as(alice).get(location).then().statusCode(200).body("owners", hasItem("alice@localhost"));
    }

    @Test
    void creatingAnExistingNodeIsAConflict() {
        String id = nodeName("twice");
        create(alice, id, null);
        as(bob).contentType(ContentType.JSON).body("{\"id\":\"" + id + "\"}").post(NODES)
                .then().statusCode(409).contentType("application/problem+json").body("condition", equalTo("conflict"));
    }

    @Test
    void badConfigurationIsRefusedNamingTheField() {
        as(alice).contentType(ContentType.JSON).body("{\"id\":\"" + nodeName("bad") + "\",\"config\":{\"max_items\":0}}")
                .post(NODES).then().statusCode(422).body("field", equalTo("config.max_items"));
        as(alice).contentType(ContentType.JSON).body("{\"config\":{\"no_such_field\":true}}")
                .post(NODES).then().statusCode(422).body("field", equalTo("config.no_such_field"));
        as(alice).contentType(ContentType.JSON).body("{\"config\":{\"title\":{\"nested\":1}}}")
                .post(NODES).then().statusCode(422).body("field", equalTo("config.title"));
        as(alice).contentType(ContentType.JSON).body("{\"config\":{\"deliver_payloads\":\"maybe\"}}")
                .post(NODES).then().statusCode(400).body("field", equalTo("config.deliver_payloads"));
        as(alice).contentType(ContentType.JSON).body("{\"id\": ").post(NODES)
                .then().statusCode(400).contentType("application/problem+json");

        String id = nodeName("conf");
        create(alice, id, null);
        as(alice).contentType(ContentType.JSON).body("{\"max_payload_size\":999999999}").put(node(id) + "/config")
                .then().statusCode(422).body("field", equalTo("max_payload_size"))
                .body("pubsubCondition", equalTo(null)).body("condition", equalTo("not-acceptable"));
    }

    @Test
    void heraldGeoOptionsTravelWithTheirOwnPrefix() {
        String id = nodeName("geo-config");
        create(alice, id, null);
        as(alice).get(node(id) + "/config").then().statusCode(200)
                .body("'herald#geo_key'", equalTo("item")).body("'herald#stale_after'", equalTo("0"));
        as(alice).contentType(ContentType.JSON).body("{\"herald#geo_key\":\"publisher\",\"herald#stale_after\":30}")
                .put(node(id) + "/config")
                .then().statusCode(200).body("'herald#geo_key'", equalTo("publisher"))
                .body("'herald#stale_after'", equalTo("30")).body("'herald#geo_invalid'", equalTo("reject"));
        as(alice).contentType(ContentType.JSON).body("{\"herald#geo_invalid\":\"ignore\"}").put(node(id) + "/config")
                .then().statusCode(400).body("field", equalTo("herald#geo_invalid"));
    }

    @Test
    void theOwnerConfiguresOthersMayNot() {
        String id = nodeName("configure");
        create(alice, id, null);
        as(alice).contentType(ContentType.JSON).body("{\"title\":\"New\",\"access_model\":\"whitelist\"}").put(node(id) + "/config")
                .then().statusCode(200).body("title", equalTo("New")).body("access_model", equalTo("whitelist"))
                .body("max_items", equalTo("10")); // untouched fields keep their value
        as(alice).get(node(id) + "/config").then().statusCode(200).body("title", equalTo("New"));

        as(bob).get(node(id) + "/config").then().statusCode(403).contentType("application/problem+json");
        as(bob).contentType(ContentType.JSON).body("{\"title\":\"Mine\"}").put(node(id) + "/config").then().statusCode(403);
        anonymous().contentType(ContentType.JSON).body("{\"title\":\"Mine\"}").put(node(id) + "/config")
                .then().statusCode(401).header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
        as("hrld_not-a-token").get(node(id) + "/config").then().statusCode(401);
    }

    @Test
    void writesNeedAToken() {
        anonymous().contentType(ContentType.JSON).body("{}").post(NODES).then().statusCode(401);
        String id = nodeName("anon");
        create(alice, id, null);
        anonymous().delete(node(id)).then().statusCode(401);
        anonymous().post(node(id) + "/purge").then().statusCode(401);
        given401BadToken(id);
    }

    private void given401BadToken(String id) {
        as("hrld_forged").delete(node(id)).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void onlyTheOwnerDeletesAndPurges() {
        String id = nodeName("delete");
        create(alice, id, null);
        publishJson(alice, id, "one", "{\"n\":1}");

        as(bob).post(node(id) + "/purge").then().statusCode(403);
        as(bob).delete(node(id)).then().statusCode(403);

        as(alice).post(node(id) + "/purge").then().statusCode(204);
        as(alice).get(node(id) + "/items").then().statusCode(200).body("count", equalTo(0));

        as(alice).delete(node(id) + "?redirect=not%20a%20uri").then().statusCode(422).body("field", equalTo("redirect"));
        as(alice).delete(node(id) + "?redirect=xmpp:pubsub.localhost?;node=elsewhere").then().statusCode(204);
        as(alice).get(node(id)).then().statusCode(404).contentType("application/problem+json")
                .body("condition", equalTo("item-not-found"));
        as(alice).delete(node(id)).then().statusCode(404);
    }

    @Test
    void unknownNodesAre404() {
        String id = node(nodeName("missing"));
        anonymous().get(id).then().statusCode(404).contentType("application/problem+json");
        as(alice).get(id + "/config").then().statusCode(404);
        as(alice).post(id + "/purge").then().statusCode(404);
        anonymous().get(id + "/items").then().statusCode(404);
    }

    @Test
    void listingShowsTopLevelNodesAndACollectionsChildren() {
        String collection = nodeName("coll");
        create(alice, collection, "{\"node_type\":\"collection\"}");
        String child = nodeName("child");
        create(alice, child, "{\"collection\":[\"" + collection + "\"]}");
        String top = nodeName("top");
        create(alice, top, null);

        anonymous().get(NODES).then().statusCode(200)
                .body("nodes.id", hasItem(top)).body("nodes.id", hasItem(collection)).body("nodes.id", not(hasItem(child)))
                .body("nodes.find { it.id == '" + top + "' }.href", equalTo(node(top)));
        anonymous().queryParam("parent", collection).urlEncodingEnabled(true).get(NODES).then().statusCode(200)
                .body("parent", equalTo(collection)).body("nodes.id", equalTo(java.util.List.of(child)));
        anonymous().queryParam("parent", top).urlEncodingEnabled(true).get(NODES)
                .then().statusCode(422).body("field", equalTo("parent"));
        anonymous().queryParam("parent", nodeName("nothing")).urlEncodingEnabled(true).get(NODES).then().statusCode(404);
    }

    @Test
    void whitelistNodesAreHiddenFromStrangersAndShowOnlyTheirType() {
        String id = nodeName("secret");
        create(alice, id, "{\"access_model\":\"whitelist\",\"title\":\"Secret\"}");
        anonymous().get(NODES).then().statusCode(200).body("nodes.id", not(hasItem(id)));
        as(alice).get(NODES).then().statusCode(200).body("nodes.id", hasItem(id));
        as(bob).get(node(id)).then().statusCode(200).body("readable", equalTo(false)).body("config", equalTo(null))
                .body("owners", equalTo(null));
    }
}
