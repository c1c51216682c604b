package org.herald.http.dashboard;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The live map of a node's vehicles: {@code GET /dashboard?node=<id>} answers the page, its script and style sheet are
 * the static files beside it (META-INF/resources/dashboard/). Everything the page loads comes from Herald itself, and
 * every answer under /dashboard says so to the browser (Content-Security-Policy): the page runs only its own script,
 * talks only to this origin, and shows payload text as text (dashboard.js never builds HTML from data).
 *
 * <p>The page itself holds nothing secret: what it shows comes from the REST API and the node's stream, which apply the
 * node's access model (XEP-0060 §6.5) to whoever the page's bearer token names, or to an anonymous reader.
 */
@ApplicationScoped
public class DashboardRoute {
    static final String PAGE = "META-INF/resources/dashboard/index.html";

    /** Only this origin's script, style, images and connections; no frames, forms, plugins or base URL changes. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Buffer page = Buffer.buffer(read(PAGE));

    void register(@Observes Router router) {
        // /dashboard and /dashboard/ are the page (static files alone would answer only /dashboard/index.html)
        router.routeWithRegex(HttpMethod.GET, "^/dashboard/?$")
                .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(this::page);
        // the page's script and style sheet are served by the static handler; they carry the same headers
        router.route("/dashboard/*")
                .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(rc -> {
                    rc.addHeadersEndHandler(v -> secure(rc));
                    rc.next();
                });
    }

    private void page(RoutingContext rc) {
        secure(rc);
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(page);
    }

    private static void secure(RoutingContext rc) {
        rc.response().headers()
                .set("Content-Security-Policy", CSP)
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer")
                .set(HttpHeaders.CACHE_CONTROL, "no-cache");
    }

    private static byte[] read(String resource) {
        try (InputStream in = DashboardRoute.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("the dashboard page is missing from the build: " + resource);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
