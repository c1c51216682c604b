package org.herald.http.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.hamcrest.Matchers;
import org.herald.http.PathSegments;
import org.herald.testsupport.CdpBrowser;
import org.herald.testsupport.CdpPage;
import org.herald.testsupport.HttpTokens;
import org.herald.testsupport.MunichTrace;
import org.junit.jupiter.api.Test;

/**
 * The dashboard as a person uses it: Debian's Chromium, headless, driven over the DevTools protocol, shows vehicles
 * published through the REST API (fixes of the real Munich trace), follows them live, filters by a dragged area and
 * replays a track. Waits are on conditions in the page, never on the clock.
 */
@QuarkusTest
class DashboardBrowserTest {
    private static final String GEOLOC = "http://jabber.org/protocol/geoloc";

    @TestHTTPResource("/dashboard")
    URL dashboard;

    @Test
    void thePageAndItsFilesCarryAStrictContentSecurityPolicy() {
        given().get("/dashboard").then().statusCode(200).contentType(Matchers.startsWith("text/html"))
                .header("Content-Security-Policy", Matchers.allOf(Matchers.startsWith("default-src 'none'"),
                        Matchers.containsString("script-src 'self'"), Matchers.not(Matchers.containsString("unsafe"))))
                .body(Matchers.containsString("/dashboard/dashboard.js"));
        given().get("/dashboard/").then().statusCode(200).header("Content-Security-Policy", Matchers.notNullValue());
        given().get("/dashboard/dashboard.js").then().statusCode(200)
                .contentType(Matchers.containsString("javascript"))
                .header("Content-Security-Policy", Matchers.startsWith("default-src 'none'"))
                .header("X-Content-Type-Options", "nosniff");
        given().get("/dashboard/dashboard.css").then().statusCode(200).contentType(Matchers.startsWith("text/css"));
    }

    @Test
    void vehiclesAppearMoveAreFilteredByADraggedAreaAndTheirTrackReplays() throws Exception {
        List<double[]> trace = MunichTrace.samples().stream().map(x -> new double[] {x.lat(), x.lon()}).toList();
        String node = "geo-dash/fleet-" + UUID.randomUUID().toString().substring(0, 8);
        createOpenNode(node);
        // three cars at three moments of the trace: far enough apart to be told apart on the map
        String[] keys = {"car-a", "car-b", "car-c"};
        int[] at = {0, 400, 800};
        for (int i = 0; i < keys.length; i++) publish(node, keys[i], trace.get(at[i]), "Car " + (char) ('A' + i));

        try (CdpBrowser browser = CdpBrowser.launch()) {
            CdpPage page = browser.newPage();
            page.navigate(dashboard + "?node=" + URLEncoder.encode(node, StandardCharsets.UTF_8));
            page.waitFor("document.querySelectorAll('#markers .vehicle').length", v -> v.asInt() == 3);
            page.waitFor("document.getElementById('status').textContent", v -> v.asText().equals("live"));
            assertThat(page.eval("document.getElementById('map').dataset.snapshot").asText())
                    .as("the snapshot came from the position index").isEqualTo("positions");
            for (String key : keys) assertThat(marker(page, key).path("label").asText()).startsWith("Car ");

            // the list names every vehicle with the age of its fix, counted in seconds
            JsonNode rows = page.waitFor("[...document.querySelectorAll('#vehicles li')].map(li => "
                    + "[li.dataset.key, li.querySelector('.name').textContent, li.querySelector('.age').textContent])",
                    v -> v.size() == 3 && v.get(0).get(2).asText().matches("\\d+ s ago"));
            Set<String> listed = new HashSet<>();
            rows.forEach(r -> {
                listed.add(r.get(0).asText());
                assertThat(r.get(2).asText()).matches("\\d+ s ago");
            });
            assertThat(listed).containsExactlyInAnyOrder(keys);

            // live: car A drives on; its marker moves the way the car went
            JsonNode before = marker(page, "car-a");
            double[] from = trace.get(at[0]);
            double[] to = trace.get(at[0] + 60);
            publish(node, "car-a", to, "Car A", MunichTrace.bearing(from[0], from[1], to[0], to[1]));
            JsonNode after = page.waitFor(markerJs("car-a"), m -> m.path("lat").asDouble() == to[0]);
            double dx = after.get("x").asDouble() - before.get("x").asDouble();
            double dy = after.get("y").asDouble() - before.get("y").asDouble();
            assertThat(Math.hypot(dx, dy)).as("the marker moved on the screen").isGreaterThan(3);
            assertThat(after.get("arrow").asText()).as("the heading arrow turns to the bearing").startsWith("rotate(");
            assertThat(before.get("arrow").isNull()).as("no arrow without a bearing").isTrue();
            // east is right, north is up (screen y grows downwards)
            if (Math.abs(to[1] - from[1]) > 1e-4) assertThat(Math.signum(dx)).isEqualTo(Math.signum(to[1] - from[1]));
            if (Math.abs(to[0] - from[0]) > 1e-4) assertThat(Math.signum(dy)).isEqualTo(-Math.signum(to[0] - from[0]));

            // shift+drag a square around car A: the stream is reopened with a bbox, B and C leave the map
            JsonNode a = marker(page, "car-a");
            assertThat(a.get("onMap").asBoolean()).as("the view was fitted to all three cars: car A is on the map").isTrue();
            double ax = a.get("px").asDouble(), ay = a.get("py").asDouble();
            for (String other : List.of("car-b", "car-c")) {
                JsonNode o = marker(page, other);
                assertThat(Math.abs(o.get("px").asDouble() - ax) > 40 || Math.abs(o.get("py").asDouble() - ay) > 40)
                        .as(other + " lies outside the square drawn around car A").isTrue();
            }
            page.drag(ax - 40, ay - 40, ax + 40, ay + 40, CdpPage.SHIFT);
            page.waitFor("document.getElementById('area-text').textContent", v -> v.asText().startsWith("area "));
            page.waitFor("[...document.querySelectorAll('#markers .vehicle')].map(g => g.dataset.key).join()",
                    v -> v.asText().equals("car-a"));
            page.waitFor("document.getElementById('status').textContent", v -> v.asText().equals("live"));
            // a fix of car C outside the area stays off the map, while car A, inside, still moves
            publish(node, "car-c", trace.get(at[2] + 10), "Car C");
            double[] inside = trace.get(at[0] + 65);
            publish(node, "car-a", inside, "Car A");
            page.waitFor(markerJs("car-a"), m -> m.path("lat").asDouble() == inside[0]);
            assertThat(page.eval("document.querySelectorAll('#markers .vehicle').length").asInt()).isEqualTo(1);
            assertThat(page.eval("document.getElementById('count').textContent").asText()).isEqualTo("1");

            // clicking car A opens its replay panel and draws the server's track: car A's three fixes (trace 0, 60, 65)
            JsonNode marker = marker(page, "car-a");
            assertThat(marker.get("onMap").asBoolean()).as("car A is still on the map").isTrue();
            page.click(marker.get("px").asDouble(), marker.get("py").asDouble());
            page.waitFor("document.getElementById('replay').hidden ? null : document.getElementById('replay-key').textContent",
                    v -> v.asText().equals("car-a"));
            assertThat(page.waitFor("document.getElementById('replay-info').textContent", v -> !v.asText().equals("loading…"))
                    .asText()).isEqualTo("3 of 3 fixes");
            JsonNode track = page.waitFor("(() => { const l = document.querySelector('#track polyline');"
                    + " return l ? {key: l.dataset.key, points: +l.dataset.points} : null; })()", JsonNode::isObject);
            assertThat(track.get("key").asText()).isEqualTo("car-a");
            assertThat(track.get("points").asInt()).isEqualTo(3);
            int total = track.get("points").asInt();
            page.eval("document.getElementById('replay-play').click()");
            page.waitFor("+(document.querySelector('#track polyline') || {dataset: {}}).dataset.points",
                    v -> v.asInt() == total);

            // clearing the area brings every vehicle back (the replayed track stays drawn for the screenshot)
            page.eval("document.getElementById('area-clear').click(); true");
            page.waitFor("document.querySelectorAll('#markers .vehicle').length", v -> v.asInt() == 3);
            page.waitFor("document.getElementById('status').textContent", v -> v.asText().equals("live"));
            page.eval("document.getElementById('fit').click(); true");

            byte[] png = page.screenshot();
            Path file = Path.of("target", "dashboard.png");
            Files.createDirectories(file.getParent());
            Files.write(file, png);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image).as("a PNG").isNotNull();
            assertThat(image.getWidth()).isGreaterThan(400);
            assertThat(colours(image)).as("a drawn page, not a blank one").isGreaterThan(20);
        }
    }

    @Test
    void aClosedNodeShowsNothingWithoutATokenAndItsVehiclesWithOneThatNeverEntersTheAddress() throws Exception {
        List<MunichTrace.Sample> trace = MunichTrace.samples();
        String node = "geo-dash/closed-" + UUID.randomUUID().toString().substring(0, 8);
        createNode(node, "whitelist");
        publish(node, "van", new double[] {trace.get(100).lat(), trace.get(100).lon()}, "<b>Van</b>");

        try (CdpBrowser browser = CdpBrowser.launch()) {
            CdpPage page = browser.newPage();
            page.navigate(dashboard + "?node=" + URLEncoder.encode(node, StandardCharsets.UTF_8));
            page.waitFor("document.getElementById('status').textContent", v -> v.asText().contains("token"));
            assertThat(page.eval("document.querySelectorAll('#markers .vehicle').length").asInt()).isZero();

            // the owner's token, typed into the field: read through fetch() with an Authorization header
            page.eval("document.getElementById('token').value = " + jsString(HttpTokens.ADMIN)
                    + "; document.getElementById('token-form').requestSubmit(); true");
            JsonNode van = page.waitFor(markerJs("van"), JsonNode::isObject);
            page.waitFor("document.getElementById('status').textContent", v -> v.asText().equals("live"));
            // the label is text: the markup in it is shown, never made into elements
            assertThat(van.get("label").asText()).isEqualTo("<b>Van</b>");
            assertThat(page.eval("document.querySelectorAll('#markers b, #vehicles b').length").asInt()).isZero();
            assertThat(page.eval("location.href").asText()).doesNotContain(HttpTokens.ADMIN);
            assertThat(page.eval("document.getElementById('token').value").asText()).isEmpty();

            // live over the fetch-read stream
            double[] next = {trace.get(160).lat(), trace.get(160).lon()};
            publish(node, "van", next, "<b>Van</b>");
            page.waitFor(markerJs("van"), m -> m.path("lat").asDouble() == next[0]);

            // forgetting the token drops the vehicles again
            page.eval("document.getElementById('token-forget').click(); true");
            page.waitFor("document.querySelectorAll('#markers .vehicle').length", v -> v.asInt() == 0);
            assertThat(page.eval("sessionStorage.length").asInt()).isZero();
        }
    }

    @Test
    void aVehicleSilentForLongerThanTheNodesStaleAfterIsGreyedUntilItsNextFix() throws Exception {
        List<MunichTrace.Sample> trace = MunichTrace.samples();
        String node = "geo-dash/stale-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", HttpTokens.bearer(HttpTokens.ADMIN)).contentType(ContentType.JSON)
                .body("{\"id\":\"" + node + "\",\"config\":{\"access_model\":\"open\",\"herald#stale_after\":\"1\"}}")
                .post("/api/v1/nodes").then().statusCode(201);
        try (CdpBrowser browser = CdpBrowser.launch()) {
            CdpPage page = browser.newPage();
            page.navigate(dashboard + "?node=" + URLEncoder.encode(node, StandardCharsets.UTF_8));
            page.waitFor("document.getElementById('status').textContent", v -> v.asText().equals("live"));
            publish(node, "taxi", new double[] {trace.get(300).lat(), trace.get(300).lon()}, "Taxi");
            page.waitFor(markerJs("taxi"), m -> m.path("stale").asBoolean()); // told by a stale event
            assertThat(page.eval("document.querySelector('#vehicles li[data-key=taxi]').className").asText()).contains("stale");
            assertThat(page.eval("document.querySelector('#vehicles li[data-key=taxi] .age').textContent").asText())
                    .startsWith("stale · ");
            double[] next = {trace.get(301).lat(), trace.get(301).lon()};
            publish(node, "taxi", next, "Taxi");
            page.waitFor(markerJs("taxi"), m -> m.path("lat").asDouble() == next[0] && !m.path("stale").asBoolean());
        }
    }

    private static String jsString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** A marker's geographic and screen position; px/py are viewport coordinates for mouse input. */
    private static String markerJs(String key) {
        return "(() => { const g = document.querySelector('#markers .vehicle[data-key=\"" + key + "\"]');"
                + " if (!g) return null; const r = document.getElementById('map').getBoundingClientRect();"
                + " return {lat: +g.dataset.lat, lon: +g.dataset.lon, x: +g.dataset.x, y: +g.dataset.y,"
                + " px: r.left + +g.dataset.x, py: r.top + +g.dataset.y, label: g.querySelector('text').textContent,"
                + " onMap: +g.dataset.x >= 0 && +g.dataset.x <= r.width && +g.dataset.y >= 0 && +g.dataset.y <= r.height,"
                + " stale: g.classList.contains('stale'), arrow: g.querySelector('path').getAttribute('visibility') === 'hidden'"
                + " ? null : g.querySelector('path').getAttribute('transform')}; })()";
    }

    private static JsonNode marker(CdpPage page, String key) {
        return page.waitFor(markerJs(key), JsonNode::isObject);
    }

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) seen.add(image.getRGB(x, y));
        }
        return seen.size();
    }

    private static void createOpenNode(String node) {
        createNode(node, "open");
    }

    private static void createNode(String node, String accessModel) {
        given().header("Authorization", HttpTokens.bearer(HttpTokens.ADMIN)).contentType(ContentType.JSON)
                .body("{\"id\":\"" + node + "\",\"config\":{\"access_model\":\"" + accessModel + "\"}}")
                .post("/api/v1/nodes").then().statusCode(201);
    }

    private static String xmlText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** An XEP-0080 fix (§4: lat, lon in decimal degrees, timestamp XEP-0082) published as item {@code key}. */
    private static void publish(String node, String key, double[] fix, String label) {
        publish(node, key, fix, label, null);
    }

    private static void publish(String node, String key, double[] fix, String label, Double bearing) {
        String geoloc = "<geoloc xmlns='" + GEOLOC + "'>" + (bearing == null ? "" : "<bearing>" + bearing + "</bearing>")
                + "<lat>" + fix[0] + "</lat><lon>" + fix[1] + "</lon>"
                + "<timestamp>" + Instant.now() + "</timestamp><text>" + xmlText(label) + "</text></geoloc>";
        given().header("Authorization", HttpTokens.bearer(HttpTokens.ADMIN)).urlEncodingEnabled(false)
                .contentType("application/xml").body(geoloc)
                .put("/api/v1/nodes/" + PathSegments.encode(node) + "/items/" + PathSegments.encode(key))
                .then().statusCode(200);
    }
}
