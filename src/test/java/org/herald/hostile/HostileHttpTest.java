package org.herald.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.herald.http.PathSegments;
import org.herald.testsupport.HttpTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Path 3, HTTP: every endpoint that takes a body gets the hostile documents. Each must be refused with a 4xx and an
 * RFC 9457 problem body (never a 500), no entity may be fetched, and a plain publish by someone else works after.
 */
@QuarkusTest
class HostileHttpTest {
    private static final String XML_ROOT = "<e xmlns='urn:hostile'>";
    private static final String XML_END = "</e>";
    private static final long HUNDRED_MB = 100L * 1024 * 1024;
    @org.junit.jupiter.api.extension.RegisterExtension
    static final FetchRecorder recorder = new FetchRecorder();

    @TestHTTPResource("/")
    URL base;

    @Inject
    HttpTokens tokens;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private String mallory;
    private String node;

    @BeforeEach
    void aNode() throws Exception {
        mallory = tokens.issue("mallory@localhost");
        node = "hostile/http-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(send("POST", "/api/v1/nodes", mallory, "application/json",
                utf8("{\"id\":\"" + node + "\"}")).statusCode()).isEqualTo(201);
    }

    private String items() {
        return "/api/v1/nodes/" + PathSegments.encode(node) + "/items";
    }

    @Test
    void xmlPublishBodies() throws Exception {
        List<String> refused = new ArrayList<>();
        for (String type : List.of("application/xml", "application/atom+xml")) {
            String open = type.contains("atom") ? "<entry xmlns='http://www.w3.org/2005/Atom'>" : XML_ROOT;
            String close = type.contains("atom") ? "</entry>" : XML_END;
            refused.add(problem(400, "POST", items(), type, utf8(HostileXml.billionLaughs(open, close))));
            refused.add(problem(400, "POST", items(), type, utf8(HostileXml.quadraticBlowup(open, close))));
            refused.add(problem(400, "POST", items(), type, utf8(HostileXml.externalEntity("file:///etc/passwd", open, close))));
            refused.add(problem(400, "POST", items(), type, utf8(HostileXml.externalEntity(recorder.url("rest-entity"), open, close))));
            refused.add(problem(400, "POST", items(), type, utf8(HostileXml.externalDtd(recorder.url("rest-dtd"), open, close))));
            refused.add(problem(400, "POST", items(), type, utf8(open + HostileXml.nested(10_000) + close)));
            refused.add(problem(400, "POST", items(), type, HostileXml.invalidUtf8(open, close)));
            refused.add(problem(400, "POST", items(), type, utf8(open + "a\u0000b" + close)));
            refused.add(problem(400, "POST", items(), type, utf8(open + "a&#0;b" + close)));
            refused.add(problem(400, "POST", items(), type, utf8(open + "a\u0001b" + close)));
            refused.add(problem(400, "POST", items(), type, utf8(open.replace(">", " a='&#1;'>") + close)));
        }
        assertThat(refused).allSatisfy(detail -> assertThat(detail).doesNotContain("root:", "fetched"));
        assertThat(recorder.requests()).as("nothing fetched").isEmpty();
        nothingStoredAndOthersStillPublish();
    }

    @Test
    void jsonPublishBodies() throws Exception {
        problem(400, "POST", items(), "application/json", utf8("[".repeat(10_000) + "]".repeat(10_000)));
        problem(400, "POST", items(), "application/json", utf8("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)));
        problem(400, "POST", items(), "application/json", HostileXml.invalidUtf8("{\"a\":\"", "\"}"));
        problem(400, "POST", items(), "application/json", utf8("{\"a\":\"" + "\u0000" + "\"}"));
        nothingStoredAndOthersStillPublish();
    }

    /** A JSON escape may spell NUL: the payload keeps it as an escape (XEP-0335 text), so it is stored and read back. */
    @Test
    void escapedControlCharactersInJsonAreCarriedAsEscapes() throws Exception {
        assertThat(send("PUT", items() + "/nul", mallory, "application/json", utf8("{\"a\\u0001\":\"x\\u0000y\"}")).statusCode())
                .isEqualTo(200);
        HttpResponse<String> back = send("GET", items() + "/nul", mallory, null, null);
        assertThat(new ObjectMapper().readTree(back.body()).path("payload").path("a\u0001").asText()).isEqualTo("x\u0000y");
    }

    /** Identifiers and configuration travel in XMPP attributes and forms and are stored as text: no NUL anywhere. */
    @Test
    void controlCharactersInIdsAndConfiguration() throws Exception {
        problem(400, "POST", "/api/v1/nodes", "application/json", utf8("{\"id\":\"a\\u0000b\"}"));
        problem(400, "PUT", items() + "/a%00b", "application/json", utf8("{}"));
        problem(422, "PUT", "/api/v1/nodes/" + PathSegments.encode(node) + "/config", "application/json",
                utf8("{\"title\":\"a\\u0000b\"}"));
        nothingStoredAndOthersStillPublish();
    }

    @Test
    void ownTracksBodies() throws Exception {
        String path = "/api/v1/owntracks/" + PathSegments.encode(node);
        problem(400, "POST", path, "application/json", utf8("[".repeat(10_000) + "]".repeat(10_000)));
        problem(400, "POST", path, "application/json", HostileXml.invalidUtf8("{\"_type\":\"location\",\"tid\":\"", "\"}"));
        problem(400, "POST", path, "application/json",
                utf8("{\"_type\":\"location\",\"lat\":48.1,\"lon\":11.5,\"tst\":1410324847,\"tid\":\"\\u0000\"}"));
        nothingStoredAndOthersStillPublish();
    }

    @Test
    void adminTokenBodies() throws Exception {
        String path = "/api/v1/admin/tokens";
        problem(400, "POST", path, HttpTokens.ADMIN, "application/json", utf8("[".repeat(10_000) + "]".repeat(10_000)));
        problem(400, "POST", path, HttpTokens.ADMIN, "application/json", HostileXml.invalidUtf8("{\"jid\":\"a", "@localhost\"}"));
        problem(422, "POST", path, HttpTokens.ADMIN, "application/json", utf8("{\"jid\":\"a\\u0000b@localhost\"}"));
        problem(415, "POST", path, HttpTokens.ADMIN, "application/xml", utf8(HostileXml.billionLaughs(XML_ROOT, XML_END)));
    }

    @Test
    void webSubHubRequests() throws Exception {
        String topic = base.toString().replaceAll("/$", "") + "/feeds/" + PathSegments.encode(node) + ".atom";
        String form = "hub.mode=subscribe&hub.topic=" + enc(topic) + "&hub.callback=";
        problem(400, "POST", "/websub", null, "application/x-www-form-urlencoded", utf8(form + "https%3A%2F%2Fsub.example%2Fcb%00x"));
        problem(400, "POST", "/websub", null, "application/x-www-form-urlencoded", utf8(form + "https%3A%2F%2Fsub.example%2Fcb%C3%28"));
        problem(400, "POST", "/websub", null, "application/x-www-form-urlencoded",
                utf8(form + "https%3A%2F%2Fsub.example%2Fcb&hub.secret=" + "s".repeat(1000)));
        problem(415, "POST", "/websub", null, "application/xml", utf8(HostileXml.externalEntity(recorder.url("hub"), XML_ROOT, XML_END)));
        assertThat(recorder.requests()).isEmpty();
    }

    /**
     * 100 MB, generated as it is sent, with a Content-Length and chunked: refused with 413 at the body limit on every
     * endpoint with a body, read by a client that (like curl) listens while it sends.
     */
    @Test
    void hundredMegabyteBodies() throws Exception {
        for (String[] target : new String[][] {
                {items(), "application/xml", mallory, XML_ROOT}, {items(), "application/json", mallory, "{\"a\":\""},
                {"/api/v1/owntracks/" + PathSegments.encode(node), "application/json", mallory, "{\"tid\":\""},
                {"/api/v1/admin/tokens", "application/json", HttpTokens.ADMIN, "{\"jid\":\""},
                {"/websub", "application/x-www-form-urlencoded", null, "hub.mode=subscribe&hub.topic="}}) {
            for (boolean declared : new boolean[] {true, false}) {
                RawUpload.Outcome o = RawUpload.post(base, target[0], target[1], target[2], target[3], HUNDRED_MB, declared);
                assertThat(o.statusLine()).as(target[0] + (declared ? " Content-Length" : " chunked")).contains(" 413 ");
                assertThat(o.sent()).as("stopped early").isLessThan(HUNDRED_MB);
            }
        }
        nothingStoredAndOthersStillPublish();
    }

    /** Nothing got in, and another user's ordinary publish still works. */
    private void nothingStoredAndOthersStillPublish() throws Exception {
        HttpResponse<String> list = send("GET", items(), mallory, null, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(list.body()).path("count").asInt()).isZero();
        String alice = tokens.issue("alice@localhost");
        String other = "hostile/other-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(send("POST", "/api/v1/nodes", alice, "application/json", utf8("{\"id\":\"" + other + "\"}")).statusCode()).isEqualTo(201);
        assertThat(send("POST", "/api/v1/nodes/" + PathSegments.encode(other) + "/items", alice, "application/xml",
                utf8("<ok xmlns='urn:x'>fine</ok>")).statusCode()).isEqualTo(201);
    }

    private String problem(int status, String method, String path, String type, byte[] body) throws Exception {
        return problem(status, method, path, mallory, type, body);
    }

    /** Sends, and checks the status and that the answer is a problem document; returns its detail. */
    private String problem(int status, String method, String path, String token, String type, byte[] body) throws Exception {
        HttpResponse<String> r = send(method, path, token, type, body);
        String what = method + " " + path + " " + type + ": " + r.body();
        assertThat(r.statusCode()).as(what).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).as(what).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = new ObjectMapper().readTree(r.body());
        assertThat(problem.path("status").asInt()).as(what).isEqualTo(status);
        return problem.path("detail").asText();
    }

    private HttpResponse<String> send(String method, String path, String token, String type, byte[] body) throws Exception {
        HttpRequest.Builder r = request(method, path, token, type);
        r.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String method, String path, String token, String type) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(60));
        if (token != null) r.header("Authorization", HttpTokens.bearer(token));
        if (type != null) r.header("Content-Type", type);
        return r;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
