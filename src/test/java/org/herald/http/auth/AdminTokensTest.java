package org.herald.http.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.HexFormat;
import org.herald.testsupport.HttpTokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminTokensTest {
    private static final String PATH = "/api/v1/admin/tokens";

    @Inject
    HttpTokens tokens;

    @Test
    void anAdministratorIssuesATokenThatActsForItsJidAndRevokesIt() {
        Response issued = given().header("Authorization", HttpTokens.bearer(HttpTokens.ADMIN))
                .contentType(ContentType.JSON).body("{\"jid\":\"alice@localhost/phone\",\"label\":\"alice's app\",\"lifetime\":\"P7D\"}")
                .post(PATH);
        issued.then().statusCode(201).header("Location", org.hamcrest.Matchers.containsString("/api/v1/admin/tokens/"))
                .body("token", startsWith("hrld_")).body("jid", equalTo("alice@localhost")) // bound to the bare JID
                .body("label", equalTo("alice's app"));
        String secret = issued.path("token");
        String id = issued.path("id");

        // Listing shows the token by id, never the secret.
        String listing = given().header("Authorization", HttpTokens.bearer(HttpTokens.ADMIN)).get(PATH)
                .then().statusCode(200).body("id", hasItem(id)).extract().asString();
        assertThat(listing).doesNotContain(secret);

        // alice's token authenticates her, but she is not an administrator.
        given().header("Authorization", HttpTokens.bearer(secret)).get(PATH)
                .then().statusCode(403).contentType("application/problem+json").body("condition", equalTo("forbidden"));

        given().header("Authorization", HttpTokens.bearer(HttpTokens.ADMIN)).delete(PATH + "/" + id).then().statusCode(204);
        given().header("Authorization", HttpTokens.bearer(secret)).get(PATH)
                .then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        given().header("Authorization", HttpTokens.bearer(HttpTokens.ADMIN)).delete(PATH + "/" + id)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theDatabaseKeepsOnlyAHashOfTheSecret() {
        String secret = tokens.issue("bob@localhost");
        String hex = HexFormat.of().formatHex(TokenService.hash(secret));
        assertThat(hex).hasSize(64).isNotEqualTo(secret);
        // The secret authenticates, and a one-character change does not.
        given().header("Authorization", HttpTokens.bearer(secret)).get(PATH).then().statusCode(403);
        String tampered = secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A");
        given().header("Authorization", HttpTokens.bearer(tampered)).get(PATH).then().statusCode(401);
    }

    @Test
    void withoutATokenOrWithAMalformedHeaderTheAnswerIs401ProblemJson() {
        given().get(PATH).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer")).body("status", equalTo(401))
                .body("type", startsWith("urn:herald:problem:"));
        given().header("Authorization", "Basic YWxpY2U6cHc=").get(PATH).then().statusCode(401);
        given().header("Authorization", "Bearer not-a-herald-token").get(PATH).then().statusCode(401);
    }

    @Test
    void issuingValidatesEachFieldByName() {
        given().header("Authorization", HttpTokens.bearer(HttpTokens.ADMIN)).contentType(ContentType.JSON)
                .body("{\"label\":\"x\"}").post(PATH)
                .then().statusCode(422).body("field", equalTo("jid"));
        given().header("Authorization", HttpTokens.bearer(HttpTokens.ADMIN)).contentType(ContentType.JSON)
                .body("{\"jid\":\"a@@b\"}").post(PATH)
                .then().statusCode(422).body("field", equalTo("jid"));
        given().header("Authorization", HttpTokens.bearer(HttpTokens.ADMIN)).contentType(ContentType.JSON)
                .body("{\"jid\":\"a@localhost\",\"lifetime\":\"forever\"}").post(PATH)
                .then().statusCode(422).body("field", equalTo("lifetime"));
        given().header("Authorization", HttpTokens.bearer(HttpTokens.ADMIN)).contentType(ContentType.JSON)
                .body("{\"jid\":\"a@localhost\",\"lifetime\":\"P4000D\"}").post(PATH)
                .then().statusCode(422).body("field", equalTo("lifetime"));
        given().header("Authorization", HttpTokens.bearer(HttpTokens.ADMIN)).contentType(ContentType.JSON)
                .body("{\"jid\": ").post(PATH)
                .then().statusCode(400).contentType("application/problem+json").body("detail", not(equalTo(null)));
    }
}
