package org.herald.http.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.herald.http.rest.RestFixture.anonymous;
import static org.herald.http.rest.RestFixture.as;
import static org.herald.http.rest.RestFixture.create;
import static org.herald.http.rest.RestFixture.node;
import static org.herald.http.rest.RestFixture.nodeName;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import io.smallrye.mutiny.Uni;
import org.herald.domain.Jid;
import org.herald.domain.geo.Geoloc;
import org.herald.domain.geo.Position;
import org.herald.http.PathSegments;
import org.herald.service.port.PubSubStore;
import org.herald.service.port.StoreTx;
import org.herald.testsupport.HttpTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/nodes/{node}/positions and /positions/{key}/track: areas, ages, downsampling, and the access rules of
 * item retrieval (XEP-0060 §6.5, §4.5) on every one of them. Positions are written to the store's index directly:
 * what a publish does to it is the publish path's own tests' business.
 */
@QuarkusTest
class PositionsApiTest {
    private static final Jid CAR = Jid.parse("car@localhost");

    @Inject
    HttpTokens tokens;
    @Inject
    PubSubStore store;

    String alice;
    String bob;

    @BeforeEach
    void tokens() {
        alice = tokens.issue("alice@localhost");
        bob = tokens.issue("bob@localhost");
    }

    @Test
    void anOpenNodesPositionsByBoxRadiusAndAge() {
        String id = nodeName("fleet");
        create(alice, id, "{\"access_model\":\"open\"}");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        tx(t -> t.putLatestPosition(id, fix("marienplatz", 48.1374, 11.5755, now, 1)));
        tx(t -> t.putLatestPosition(id, fix("ostbahnhof", 48.1275, 11.6050, now.minusSeconds(900), 2)));
        tx(t -> t.putLatestPosition(id, fix("berlin", 52.5200, 13.4050, now, 3)));

        anonymous().get(node(id) + "/positions?bbox=11.4,48.0,11.7,48.2").then().statusCode(200)
                .body("node", equalTo(id))
                .body("positions.key", contains("marienplatz", "ostbahnhof"))
                .body("positions[0].lat", equalTo(48.1374f)).body("positions[0].lon", equalTo(11.5755f))
                .body("positions[0].itemId", equalTo("item-1")).body("positions[0].speed", equalTo(13.5f))
                .body("positions[0].fixTime", equalTo(now.toString())).body("positions[0].stale", equalTo(false))
                .body("positions[0].label", equalTo("label marienplatz"))
                .body("positions[0]", not(hasKey("alt")));
        anonymous().get(node(id) + "/positions?near=48.1374,11.5755&radius=1000").then().statusCode(200)
                .body("positions.key", contains("marienplatz"));
        anonymous().get(node(id) + "/positions?maxAge=60").then().statusCode(200)
                .body("positions.key", contains("berlin", "marienplatz"));
        anonymous().get(node(id) + "/positions").then().statusCode(200)
                .body("positions.key", contains("berlin", "marienplatz", "ostbahnhof"));
    }

    @Test
    void thePublisherIsShownOnlyWhereItemreplySaysSo() {
        String shown = nodeName("fleet-publisher");
        create(alice, shown, "{\"access_model\":\"open\",\"itemreply\":\"publisher\"}");
        String hidden = nodeName("fleet-owner");
        create(alice, hidden, "{\"access_model\":\"open\",\"itemreply\":\"owner\"}");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (String id : List.of(shown, hidden)) {
            tx(t -> t.putLatestPosition(id, fix("car", 48.1, 11.5, now, 1)));
            tx(t -> t.appendTrack(id, fix("car", 48.1, 11.5, now, 1), false));
        }
        anonymous().get(node(shown) + "/positions").then().statusCode(200).body("positions[0].publisher", equalTo("car@localhost"));
        anonymous().get(node(shown) + "/positions/car/track").then().statusCode(200).body("points[0].publisher", equalTo("car@localhost"));
        anonymous().get(node(hidden) + "/positions").then().statusCode(200).body("positions[0]", not(hasKey("publisher")));
        anonymous().get(node(hidden) + "/positions/car/track").then().statusCode(200).body("points[0]", not(hasKey("publisher")));
    }

    @Test
    void badAreasAreRefusedNamingTheParameter() {
        String id = nodeName("fleet-bad");
        create(alice, id, "{\"access_model\":\"open\"}");
        Map<String, String> cases = Map.of(
                "bbox=11,48,12", "bbox",
                "bbox=11,49,12,48", "bbox",
                "near=48.1,11.5", "radius",
                "radius=100", "near",
                "near=91,11&radius=100", "near",
                "near=48,11&radius=-5", "radius",
                "near=48,11&radius=wide", "radius",
                "bbox=1,2,3,4&near=48,11&radius=5", "bbox",
                "maxAge=soon", "maxAge");
        cases.forEach((query, field) -> anonymous().get(node(id) + "/positions?" + query).then()
                .statusCode(400).contentType("application/problem+json").body("field", equalTo(field)));
    }

    @Test
    void aWhitelistNodesPositionsAndTracksAreRefusedAsItemsAre() {
        String id = nodeName("fleet-closed");
        create(alice, id, "{\"access_model\":\"whitelist\"}");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        tx(t -> t.putLatestPosition(id, fix("car", 48.1, 11.5, now, 1)));
        for (String path : new String[] {"/positions", "/positions?bbox=0,0,20,60", "/positions/car/track"}) {
            anonymous().get(node(id) + path).then().statusCode(401).body("pubsubCondition", equalTo("closed-node"));
            as(bob).get(node(id) + path).then().statusCode(403).body("pubsubCondition", equalTo("closed-node"));
            as(alice).get(node(id) + path).then().statusCode(200);
        }
        anonymous().get(node(nodeName("missing")) + "/positions").then().statusCode(404);
    }

    @Test
    void aTrackIsDownsampledToTheRequestedPointsKeepingItsEnds() {
        String id = nodeName("fleet-track");
        create(alice, id, "{\"access_model\":\"open\"}");
        String key = "owntracks/alice/phone"; // a key with '/', percent-encoded as one segment
        Instant t0 = Instant.parse("2026-11-20T10:00:00Z");
        for (int i = 0; i < 60; i++) {
            // a dog-leg: north for 30 s, then east
            double lat = 48.10 + Math.min(i, 30) * 0.0002;
            double lon = 11.50 + Math.max(0, i - 30) * 0.0003;
            Position p = fix(key, lat, lon, t0.plusSeconds(i), i + 1);
            tx(t -> t.appendTrack(id, p, false));
        }
        String path = node(id) + "/positions/" + PathSegments.encode(key) + "/track";
        JsonPath all = anonymous().get(path).then().statusCode(200).extract().jsonPath();
        assertThat(all.getInt("total")).isEqualTo(60);
        assertThat(all.getList("points")).hasSize(60);
        assertThat(all.getString("key")).isEqualTo(key);

        JsonPath few = anonymous().get(path + "?points=5").then().statusCode(200).extract().jsonPath();
        assertThat(few.getInt("total")).isEqualTo(60);
        List<String> times = few.getList("points.fixTime");
        assertThat(times).hasSizeBetween(2, 5);
        assertThat(times.get(0)).isEqualTo(t0.toString());
        assertThat(times.get(times.size() - 1)).isEqualTo(t0.plusSeconds(59).toString());
        assertThat(times).contains(t0.plusSeconds(30).toString()); // the corner of the dog-leg

        JsonPath range = anonymous().get(path + "?from=2026-11-20T11:00:10%2B01:00&to=2026-11-20T10:00:19Z")
                .then().statusCode(200).extract().jsonPath();
        assertThat(range.getInt("total")).isEqualTo(10);
        anonymous().get(path + "?points=1").then().statusCode(422).body("field", equalTo("points"));
        anonymous().get(path + "?from=yesterday").then().statusCode(400).body("field", equalTo("from"));
    }

    private static Position fix(String key, double lat, double lon, Instant at, long seq) {
        return new Position(key, new Geoloc(lat, lon, null, 5.0, 90.0, 13.5, at, "label " + key), at, at.plusMillis(250),
                "item-" + seq, seq, CAR, false);
    }

    private <T> T tx(Function<StoreTx, Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> store.inTransaction(work));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
