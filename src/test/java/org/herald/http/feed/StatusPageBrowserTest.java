package org.herald.http.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.herald.http.PathSegments;
import org.junit.jupiter.api.Test;

/**
 * The status page as a person sees it: Debian's Chromium, headless, loads GET / and the rendered DOM is checked.
 * Chromium is a test requirement (.ci/prepare installs it): without it this test fails rather than skips.
 */
@QuarkusTest
class StatusPageBrowserTest {
    @TestHTTPResource("/")
    URL root;

    @Inject
    ServiceCalls calls;

    @Test
    void theBrowserShowsOpenNodesWithTheirItemsAndNeverAClosedOne() throws Exception {
        String mark = UUID.randomUUID().toString().substring(0, 8);
        // every node of this run shares a prefix, so the page can be narrowed to them in a database that holds many
        String prefix = "status-" + mark + "/";
        String open = calls.node(prefix + "open", Map.of("pubsub#title", List.of("Open weather " + mark)));
        calls.publish(open, "reading-" + mark, "<json xmlns='urn:xmpp:json:0'>{\"title\":\"Rain at noon " + mark
                + " &lt;script&gt;alert(1)&lt;/script&gt;\"}</json>");
        String closed = calls.node(prefix + "closed", Map.of("pubsub#title", List.of("Secret plans " + mark),
                "pubsub#access_model", List.of("whitelist")));
        calls.publish(closed, "secret-" + mark, "<note xmlns='urn:example:n'>Secret item " + mark + "</note>");
        String authorize = calls.node(prefix + "authorize", Map.of("pubsub#title", List.of("Members only " + mark),
                "pubsub#access_model", List.of("authorize")));
        calls.publish(authorize, "member-" + mark, "<note xmlns='urn:example:n'>Member item " + mark + "</note>");

        String dom = dumpDom(root + "?prefix=" + java.net.URLEncoder.encode(prefix, StandardCharsets.UTF_8));

        assertThat(dom).contains("<title>Herald</title>").contains("Open weather " + mark).contains("Rain at noon " + mark)
                .contains("/feeds/" + PathSegments.encode(open) + ".atom")
                .contains("/api/v1/nodes/" + PathSegments.encode(open) + "/events");
        assertThat(dom).doesNotContain("Secret plans " + mark).doesNotContain("secret-" + mark)
                .doesNotContain(closed).doesNotContain("Members only " + mark).doesNotContain("member-" + mark);
        // the hostile item title is text on the page, not an element
        assertThat(dom).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script");
    }

    @Test
    void theWholePageIsServedAsHtmlThatMayRunNothingAndAnOverlongPrefixIsRefused() {
        io.restassured.RestAssured.given().get("/").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/html"))
                .header("Content-Security-Policy", org.hamcrest.Matchers.startsWith("default-src 'none'"));
        io.restassured.RestAssured.given().queryParam("prefix", "x".repeat(1024)).get("/").then().statusCode(422)
                .contentType("application/problem+json").body("field", org.hamcrest.Matchers.equalTo("prefix"));
    }

    private static String dumpDom(String url) throws IOException, InterruptedException {
        String chromium = findChromium();
        Path profile = Files.createTempDirectory("herald-chromium");
        File out = Files.createTempFile("herald-dom", ".html").toFile();
        File err = Files.createTempFile("herald-chromium", ".log").toFile();
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--dump-dom", url));
        Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
        // a guard against a hung browser, not a timing assertion
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish: " + Files.readString(err.toPath()));
        }
        String dom = Files.readString(out.toPath(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || dom.isBlank()) {
            fail("chromium exited " + p.exitValue() + ": " + Files.readString(err.toPath()));
        }
        return dom;
    }

    private static String findChromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (new File(candidate).canExecute()) return candidate;
        }
        return fail("Chromium is not installed, and this test needs it to render the status page: run .ci/prepare "
                + "(it runs `apt-get install -y chromium`)");
    }
}
