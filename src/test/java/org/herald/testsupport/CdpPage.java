package org.herald.testsupport;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/** One page of a {@link CdpBrowser}: navigation, script evaluation, mouse input and screenshots. */
public final class CdpPage {
    /** Shift in CDP's modifier bit field (Input.dispatchMouseEvent). */
    public static final int SHIFT = 8;

    private final CdpBrowser browser;
    private final String session;

    CdpPage(CdpBrowser browser, String session) {
        this.browser = browser;
        this.session = session;
    }

    JsonNode call(String method, Map<String, ?> params) {
        return browser.call(session, method, params);
    }

    public void navigate(String url) {
        JsonNode r = call("Page.navigate", Map.of("url", url));
        if (r.hasNonNull("errorText")) throw new IllegalStateException("navigation to " + url + " failed: " + r.get("errorText"));
        waitFor("document.readyState === 'complete'", v -> v.asBoolean());
    }

    /** The JSON value of an expression (promises awaited); a thrown exception fails with its description. */
    public JsonNode eval(String expression) {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + expression + "\n" + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Polls an expression until its value passes {@code ok}, and returns that value; fails with the last value. */
    public JsonNode waitFor(String expression, Predicate<JsonNode> ok) {
        JsonNode[] last = {null};
        try {
            return waitOn(expression, ok, last);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            failureShot();
            throw new AssertionError("the page never satisfied: " + expression + "\nlast value: " + last[0]
                    + "\npage log: " + browser.log(), e);
        }
    }

    private JsonNode waitOn(String expression, Predicate<JsonNode> ok, JsonNode[] last) {
        await().atMost(CdpBrowser.GUARD).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    last[0] = eval(expression);
                    return ok.test(last[0]);
                });
        return Objects.requireNonNull(last[0]);
    }

    /** A mouse event at page coordinates (CSS pixels); {@code type} is mousePressed, mouseMoved or mouseReleased. */
    public void mouse(String type, double x, double y, int modifiers, boolean leftDown) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", type);
        p.put("x", x);
        p.put("y", y);
        p.put("modifiers", modifiers);
        p.put("button", type.equals("mouseMoved") && !leftDown ? "none" : "left");
        p.put("buttons", leftDown || type.equals("mousePressed") ? 1 : 0);
        p.put("clickCount", type.equals("mouseMoved") ? 0 : 1);
        call("Input.dispatchMouseEvent", p);
    }

    /** Presses at one point, moves to another in a few steps and releases, with the given modifier keys held. */
    public void drag(double x1, double y1, double x2, double y2, int modifiers) {
        mouse("mouseMoved", x1, y1, modifiers, false);
        mouse("mousePressed", x1, y1, modifiers, true);
        for (int i = 1; i <= 5; i++) {
            mouse("mouseMoved", x1 + (x2 - x1) * i / 5, y1 + (y2 - y1) * i / 5, modifiers, true);
        }
        mouse("mouseReleased", x2, y2, modifiers, false);
    }

    public void click(double x, double y) {
        mouse("mouseMoved", x, y, 0, false);
        mouse("mousePressed", x, y, 0, true);
        mouse("mouseReleased", x, y, 0, false);
    }

    /** What the page looked like when a wait failed: target/cdp-failure-*.png, for the person reading the report. */
    private void failureShot() {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("target");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.write(java.nio.file.Files.createTempFile(dir, "cdp-failure-", ".png"), screenshot());
        } catch (RuntimeException | java.io.IOException ignored) {
            // the original failure is what matters
        }
    }

    /** The page as a PNG. */
    public byte[] screenshot() {
        return Base64.getDecoder().decode(call("Page.captureScreenshot", Map.of("format", "png")).get("data").asText());
    }
}
