package org.herald.http.websub;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.codec.BodyCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The hub's outbound requests to callbacks (verification and denial GETs, §5.2/§5.3; content distribution POSTs,
 * §7). Each one passes the {@link CallbackGuard} first, follows no redirect (a redirect could lead anywhere, the
 * guard's check included), and has one deadline for the whole exchange.
 */
@ApplicationScoped
public class CallbackClient {
    private static final Logger LOG = Logger.getLogger(CallbackClient.class);

    /** What came back: the status (0 when nothing did: refused, timed out, unsafe) and, for GETs, the body. */
    public record Answer(int status, String body) {
        public boolean success() {
            return status >= 200 && status < 300;
        }
    }

    private final WebClient client;
    private final CallbackGuard guard;
    private final Duration timeout;

    CallbackClient(Vertx vertx, CallbackGuard guard, WebSubConfig config) {
        this.guard = guard;
        this.timeout = config.requestTimeout();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setFollowRedirects(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setUserAgent("Herald-WebSub-Hub"));
    }

    void close(@Observes ShutdownEvent event) {
        client.close();
    }

    /** Verification answers echo a challenge of 43 characters; nothing longer needs reading. */
    static final int MAX_GET_BODY = 4096;

    public Uni<Answer> get(String url) {
        HttpRequest<String> request = client.getAbs(url).as(BodyCodec.newInstance(BoundedBody.codec(MAX_GET_BODY)));
        return send(url, request, r -> r.send().map(res -> new Answer(res.statusCode(), res.body())));
    }

    public Uni<Answer> post(String url, Map<String, List<String>> headers, byte[] body) {
        HttpRequest<Void> request = client.postAbs(url).as(BodyCodec.none());
        headers.forEach(request::putHeader);
        return send(url, request, r -> r.sendBuffer(Buffer.buffer(body)).map(res -> new Answer(res.statusCode(), null)));
    }

    private <T> Uni<Answer> send(String url, HttpRequest<T> request, java.util.function.Function<HttpRequest<T>, Uni<Answer>> how) {
        request.timeout(timeout.toMillis());
        return guard.check(URI.create(url))
                .chain(() -> how.apply(request))
                .ifNoItem().after(timeout).fail()
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("WebSub request to %s failed: %s", CallbackUrls.origin(url), failure.toString());
                    return new Answer(0, null);
                });
    }
}
