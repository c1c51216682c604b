package org.herald.http.owntracks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.herald.domain.geo.GeoCheck;
import org.herald.domain.geo.Geoloc;
import org.herald.domain.geo.GeolocValidator;
import org.herald.geo.GeolocXml;
import org.herald.http.PathSegments;
import org.herald.testsupport.HttpTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OwnTracks HTTP mode against the running service and PostgreSQL: what the app sends becomes an XEP-0080 item. */
@QuarkusTest
class OwnTracksApiTest {
    private static final String LOCATION = "{\"_type\":\"location\",\"lat\":48.16350662940509,\"lon\":11.564388282625075,"
            + "\"tst\":1410324847,\"vel\":36,\"cog\":271,\"acc\":12,\"alt\":519,\"tid\":\"c1\",\"batt\":80,\"conn\":\"m\"}";

    @Inject
    HttpTokens tokens;

    String alice;
    String bob;
    String node;

    @BeforeEach
    void newNode() {
        alice = tokens.issue("alice@localhost");
        bob = tokens.issue("bob@localhost");
        node = "owntracks/fleet-" + UUID.randomUUID().toString().substring(0, 8);
        as(alice).contentType(ContentType.JSON).body("{\"id\":\"" + node + "\"}").post("/api/v1/nodes")
                .then().statusCode(201);
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", HttpTokens.bearer(token)).urlEncodingEnabled(false);
    }

    private String owntracks() {
        return "/api/v1/owntracks/" + PathSegments.encode(node);
    }

    private List<Map<String, Object>> items() {
        return as(alice).get("/api/v1/nodes/" + PathSegments.encode(node) + "/items").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    @Test
    void aLocationIsPublishedAsACanonicalGeolocUnderTheDeviceHeaders() {
        as(alice).contentType(ContentType.JSON).header("X-Limit-U", "alice").header("X-Limit-D", "phone")
                .body(LOCATION).post(owntracks())
                .then().statusCode(200).contentType(ContentType.JSON).body("$", hasSize(0));
        List<Map<String, Object>> items = items();
        assertThat(items).hasSize(1);
        Map<String, Object> item = items.get(0);
        assertThat(item.get("id")).isEqualTo("alice/phone");
        assertThat(item.get("contentType")).isEqualTo("application/xml");
        String payload = (String) item.get("payload");
        assertThat(payload).isEqualTo("<geoloc xmlns='http://jabber.org/protocol/geoloc'><accuracy>12</accuracy>"
                + "<alt>519</alt><bearing>271</bearing><lat>48.16350662940509</lat><lon>11.564388282625075</lon>"
                + "<speed>10</speed><timestamp>2014-09-10T04:54:07Z</timestamp></geoloc>");
        // and the payload is what the core accepts as a reading
        GeoCheck check = new GeolocValidator(Duration.ofMinutes(5)).check(new GeolocXml().read(payload).orElseThrow(),
                Instant.parse("2014-09-10T05:00:00Z"));
        assertThat(check.geoloc()).isEqualTo(new Geoloc(48.16350662940509, 11.564388282625075, 519.0, 12.0, 271.0,
                10.0, Instant.parse("2014-09-10T04:54:07Z"), null));
    }

    @Test
    void theItemIdFallsBackToTidThenToTheUser() {
        as(alice).contentType(ContentType.JSON).body(LOCATION).post(owntracks()).then().statusCode(200);
        as(alice).contentType(ContentType.JSON).body("{\"_type\":\"location\",\"lat\":1,\"lon\":2,\"tst\":1410324850}")
                .post(owntracks()).then().statusCode(200);
        assertThat(items()).extracting(i -> i.get("id")).containsExactlyInAnyOrder("c1", "alice");
        // the same device again replaces its item (XEP-0060 §7.1.2 same ItemID)
        as(alice).contentType(ContentType.JSON).body(LOCATION.replace("48.16350662940509", "48.2")).post(owntracks())
                .then().statusCode(200);
        assertThat(items()).hasSize(2);
        as(alice).get("/api/v1/nodes/" + PathSegments.encode(node) + "/items/c1").then().statusCode(200)
                .body("payload", org.hamcrest.Matchers.containsString("<lat>48.2</lat>"));
    }

    @Test
    void iosUnknownsAreLeftOut() {
        as(alice).contentType(ContentType.JSON)
                .body("{\"_type\":\"location\",\"lat\":-33.86,\"lon\":151.2,\"vel\":-1,\"cog\":-1,\"acc\":-1,\"tid\":\"x\"}")
                .post(owntracks()).then().statusCode(200);
        assertThat((String) items().get(0).get("payload")).isEqualTo(
                "<geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>-33.86</lat><lon>151.2</lon></geoloc>");
    }

    @Test
    void otherMessageTypesAreAcknowledgedAndNotStored() {
        for (String body : List.of("{\"_type\":\"transition\",\"event\":\"enter\",\"lat\":1,\"lon\":2}",
                "{\"_type\":\"lwt\",\"tst\":1}", "{\"_type\":\"card\",\"name\":\"Alice\"}")) {
            as(alice).contentType(ContentType.JSON).body(body).post(owntracks()).then().statusCode(200)
                    .body("$", hasSize(0));
        }
        assertThat(items()).isEmpty();
    }

    @Test
    void malformedMessagesAre400ProblemsNamingTheField() {
        record Case(String body, String field) {
        }
        for (Case c : List.of(new Case("{\"_type\":\"location\",\"lon\":2}", "lat"),
                new Case("{\"_type\":\"location\",\"lat\":\"48.1\",\"lon\":2}", "lat"),
                new Case("{\"_type\":\"location\",\"lat\":1,\"lon\":1e400}", "lon"),
                new Case("{\"_type\":\"location\",\"lat\":1,\"lon\":2,\"tst\":\"yesterday\"}", "tst"),
                new Case("{\"_type\":\"location\",\"lat\":1,\"lon\":2,\"vel\":\"fast\"}", "vel"),
                new Case("{\"lat\":1,\"lon\":2}", "_type"))) {
            JsonPath problem = as(alice).contentType(ContentType.JSON).body(c.body()).post(owntracks())
                    .then().statusCode(400).contentType("application/problem+json").extract().jsonPath();
            assertThat(problem.getString("field")).as(c.body()).isEqualTo(c.field());
        }
        for (String body : List.of("{not json", "[1,2]", "{\"_type\":\"location\"} trailing", "")) {
            as(alice).contentType(ContentType.JSON).body(body).post(owntracks()).then().statusCode(400)
                    .contentType("application/problem+json");
        }
        assertThat(items()).isEmpty();
    }

    @Test
    void publishingNeedsATokenAndPublishRights() {
        given().contentType(ContentType.JSON).body(LOCATION).urlEncodingEnabled(false).post(owntracks())
                .then().statusCode(401);
        // bob has no affiliation with alice's node: the default publish model (publishers) refuses him
        as(bob).contentType(ContentType.JSON).body(LOCATION).post(owntracks()).then().statusCode(403);
        as(alice).contentType(ContentType.JSON).body(LOCATION)
                .post("/api/v1/owntracks/" + PathSegments.encode(node + "-missing")).then().statusCode(404);
        assertThat(items()).isEmpty();
    }

    @Test
    void aPublisherGrantedByTheOwnerMayPost() {
        as(alice).contentType(ContentType.JSON)
                .body("{\"affiliations\":[{\"jid\":\"bob@localhost\",\"affiliation\":\"publisher\"}]}")
                .patch("/api/v1/nodes/" + PathSegments.encode(node) + "/affiliations").then().statusCode(200);
        as(bob).contentType(ContentType.JSON).body("{\"_type\":\"location\",\"lat\":1,\"lon\":2}").post(owntracks())
                .then().statusCode(200);
        assertThat(items()).extracting(i -> i.get("id")).containsExactly("bob");
    }
}
