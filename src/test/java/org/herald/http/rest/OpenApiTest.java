package org.herald.http.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The REST API describes itself: every path in the OpenAPI document with its problem answers, and Swagger UI. */
@QuarkusTest
class OpenApiTest {
    @Test
    void everyPathIsDocumented() {
        JsonPath doc = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        Map<String, Object> paths = doc.getMap("paths");
        String[][] expected = {
                {"/api/v1/nodes", "get", "post"},
                {"/api/v1/nodes/{node}", "get", "delete"},
                {"/api/v1/nodes/{node}/config", "get", "put"},
                {"/api/v1/nodes/{node}/purge", "post"},
                {"/api/v1/nodes/{node}/items", "get", "post"},
                {"/api/v1/nodes/{node}/items/{id}", "get", "put", "delete"},
                {"/api/v1/nodes/{node}/subscriptions", "get", "post", "patch"},
                {"/api/v1/nodes/{node}/subscriptions/{subid}", "delete"},
                {"/api/v1/nodes/{node}/affiliations", "get", "patch"},
                {"/api/v1/subscriptions", "get"},
                {"/api/v1/affiliations", "get"},
        };
        for (String[] e : expected) {
            org.assertj.core.api.Assertions.assertThat(paths).as("paths").containsKey(e[0]);
            for (int i = 1; i < e.length; i++) {
                String op = "paths['" + e[0] + "']." + e[i];
                org.assertj.core.api.Assertions.assertThat(doc.getString(op + ".summary")).as(op + " summary").isNotBlank();
                org.assertj.core.api.Assertions.assertThat(doc.getMap(op + ".responses")).as(op + " responses")
                        .containsKeys("401", "403", "404");
            }
        }
        org.assertj.core.api.Assertions.assertThat(doc.getMap("paths['/api/v1/nodes/{node}/items'].post.responses"))
                .containsKeys("201", "413", "415", "422");
    }

    @Test
    void swaggerUiAnswers() {
        given().redirects().follow(true).get("/q/swagger-ui").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200).body(notNullValue());
    }
}
