package org.herald.http.stream;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.herald.http.PathSegments;
import org.herald.http.auth.Actor;
import org.herald.http.auth.TokenService;
import org.herald.domain.geo.GeoArea;
import org.herald.http.geo.AreaParams;
import org.herald.http.problem.HttpProblem;
import org.herald.runtime.OwnContext;

/**
 * GET /api/v1/nodes/{node}/events: a node's live stream as Server-Sent Events (W3C HTML §9.2).
 *
 * <p>A plain Vert.x route rather than a REST resource: the stream needs what the REST layer hides — the write
 * future of every event (to bound a slow client's buffer and close it), comment lines as heartbeats, and the
 * choice of answering problem+json when the access check fails (before any byte of the stream) or 200 with the
 * stream. The bearer token is checked as BearerAuthFilter does for REST (header only), and refusals are the same
 * problem documents.
 */
@ApplicationScoped
public class SseRoute {
    /** The node id is one path segment, percent-encoded by clients where it holds '/' (as %2F). */
    private static final Pattern PATH = Pattern.compile("^/api/v1/nodes/([^/]+)/events/?$");

    private final TokenService tokens;
    private final StreamClients clients;

    SseRoute(TokenService tokens, StreamClients clients) {
        this.tokens = tokens;
        this.clients = clients;
    }

    void register(@Observes Router router) {
        // before the REST layer's default route, after CORS and the other built-in handlers
        router.routeWithRegex(HttpMethod.GET, "^/api/v1/nodes/[^/]+/events/?$")
                .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        Matcher m = PATH.matcher(rc.request().path());
        HttpServerResponse response = rc.response();
        if (!m.matches()) { // the raw path differs from the normalised one the route matched (dot segments)
            StreamProblems.write(response, StreamProblems.of(HttpProblem.malformed("not a stream path"), rc.request().path(), false));
            return;
        }
        Context context = Vertx.currentContext();
        String path = rc.request().path();
        Actor[] actor = {Actor.ANONYMOUS};
        Uni.createFrom().deferred(() -> {
                    String node = segment(m.group(1));
                    Long resume = ResumePoint.parse(rc.request().getHeader("Last-Event-ID"), rc.queryParams().get("lastEventId"));
                    GeoArea area = AreaParams.of(rc.queryParams().get("bbox"), rc.queryParams().get("near"), rc.queryParams().get("radius"));
                    return OwnContext.call(context, () -> tokens.authenticate(rc.request().getHeader(HttpHeaders.AUTHORIZATION)))
                            .map(found -> found.orElseThrow(() -> HttpProblem.unauthenticated("the bearer token is not valid or has expired")))
                            .chain(who -> {
                                actor[0] = who;
                                StreamClient client = clients.create(who.jid(), node, resume, area, context);
                                return client.open().replaceWith(client);
                            });
                })
                .subscribe().with(client -> {
                    if (response.closed()) { // the client left while its access was checked
                        client.close();
                        return;
                    }
                    response.setStatusCode(200)
                            .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                            .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                            .putHeader("X-Accel-Buffering", "no") // tell nginx-like proxies not to hold events back
                            .setChunked(true);
                    response.write(": stream open\n\n"); // sends the headers now: the client knows it is connected
                    client.start(new SseChannel(response));
                }, failure -> StreamProblems.write(response, StreamProblems.of(failure, path, actor[0].anonymous())));
    }

    /** Percent-decodes a path segment ('+' is a plus in a path, not a space). */
    static String segment(String raw) {
        try {
            return PathSegments.decode(raw);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.malformed("the node id is not well percent-encoded");
        }
    }
}
