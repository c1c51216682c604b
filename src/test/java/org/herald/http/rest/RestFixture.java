package org.herald.http.rest;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import org.herald.http.PathSegments;
import org.herald.testsupport.HttpTokens;

/** Requests as a token's JID, and nodes made through the API itself. */
final class RestFixture {
    static final String NODES = "/api/v1/nodes";

    private RestFixture() {
    }

    /** A fresh node id that also exercises '/' in ids. */
    static String nodeName(String hint) {
        return "rest/" + hint + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The API path of a node, its id percent-encoded as one segment. */
    static String node(String id) {
        return NODES + "/" + PathSegments.encode(id);
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", HttpTokens.bearer(token)).urlEncodingEnabled(false);
    }

    static RequestSpecification anonymous() {
        return given().urlEncodingEnabled(false);
    }

    /** Creates a node owned by the token's JID with the given configuration object (JSON text, or null). */
    static void create(String token, String id, String configJson) {
        String body = "{\"id\":\"" + id + "\"" + (configJson == null ? "" : ",\"config\":" + configJson) + "}";
        as(token).contentType(ContentType.JSON).body(body).post(NODES).then().statusCode(201);
    }

    /** Publishes a JSON payload with an id. */
    static void publishJson(String token, String node, String id, String json) {
        as(token).contentType(ContentType.JSON).body(json).put(node(node) + "/items/" + PathSegments.encode(id))
                .then().statusCode(200);
    }
}
