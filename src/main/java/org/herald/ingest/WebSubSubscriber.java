package org.herald.ingest;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.herald.feeds.net.AddressGuard;
import org.herald.feeds.net.BlockedAddressException;
import org.herald.http.HttpConfig;
import org.jboss.logging.Logger;

/**
 * Herald as a WebSub subscriber (W3C WebSub §5.1): when a polled feed advertises a hub (rel=hub), Herald asks the
 * hub to push the feed's updates to {publicUrl}/api/v1/feeds/{id}/websub with a fresh random hub.secret, so that
 * pushes can be authenticated (§8). The request is recorded as pending before it goes out (the hub may verify at
 * once); {@link WebSubCallbackResource} answers the verification (§5.3) and takes the pushes (§7). Unverified or
 * refused requests are repeated after websub-retry; active leases are renewed websub-retry before they end. While a
 * subscription is active, polling goes on at websub-poll-interval as a fallback. The hub URL comes from the feed, so
 * it passes the same SSRF guard as feed URLs.
 */
@ApplicationScoped
public class WebSubSubscriber {
    private static final Logger LOG = Logger.getLogger(WebSubSubscriber.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final FeedStore store;
    private final IngestConfig config;
    private final String publicUrl;
    private final AddressGuard guard;
    private final HttpClient http;
    private final Clock clock = Clock.systemUTC();

    WebSubSubscriber(FeedStore store, IngestConfig config, HttpConfig httpConfig) {
        this.store = store;
        this.config = config;
        this.publicUrl = httpConfig.publicUrl();
        this.guard = new AddressGuard(config.allowPrivateTargets());
        // No redirects: a hub redirecting elsewhere would bypass the guard.
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Whether the feed's updates are being pushed now, so that polling may slow down. */
    boolean pushing(Feed feed, Instant now) {
        return "active".equals(feed.websubState()) && feed.websubUntil() != null && feed.websubUntil().isAfter(now);
    }

    Duration fallbackInterval() {
        return config.websubPollInterval();
    }

    String callback(long feedId) {
        return publicUrl + "/api/v1/feeds/" + feedId + "/websub";
    }

    /** After a successful poll: subscribes or renews when the feed has a hub and no live subscription. Never fails. */
    Uni<Void> afterPoll(Feed feed, URI hub, URI self, URI url) {
        Instant now = clock.instant();
        if (!config.websubEnabled() || hub == null || !due(feed, now)) return Uni.createFrom().voidItem();
        String secret = secret();
        // A 304 carries no rel=self: a renewal keeps the topic asked for before, else the feed's URL.
        Uni<String> topicOf = self != null ? Uni.createFrom().item(self.toString())
                : store.websub(feed.id()).map(s -> s.map(FeedStore.WebSubState::topic).filter(t -> t != null).orElse(url.toString()));
        return topicOf.chain(topic -> store.websubRequested(feed.id(), topic, secret, now.plus(config.websubRetry()))
                .replaceWith(topic))
                .chain(topic -> OffLoop.call(() -> request(hub, topic, secret, feed.id())))
                .chain(refusal -> refusal == null
                        ? Uni.createFrom().voidItem()
                        : store.websubFailed(feed.id(), "WebSub subscription at " + hub.getHost() + " failed: " + refusal,
                                clock.instant().plus(config.websubRetry())))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("feed %d: WebSub subscription request failed: %s", feed.id(), e.toString());
                    return null;
                });
    }

    private boolean due(Feed feed, Instant now) {
        String state = feed.websubState();
        if (state == null) return true;
        Instant until = feed.websubUntil();
        if (until == null) return true;
        return "active".equals(state) ? until.minus(config.websubRetry()).isBefore(now) : until.isBefore(now);
    }

    /** §5.1: the subscription request; null when the hub accepted it (2xx, normally 202), else why not. Blocking. */
    private String request(URI hub, String topic, String secret, long feedId) {
        try {
            guard.check(hub);
        } catch (BlockedAddressException e) {
            return "hub refused: " + e.getMessage();
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("hub.mode", "subscribe");
        form.put("hub.topic", topic);
        form.put("hub.callback", callback(feedId));
        form.put("hub.secret", secret);
        form.put("hub.lease_seconds", Long.toString(config.websubLease().toSeconds()));
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(hub).timeout(config.totalTimeout())
                    .header("Content-Type", "application/x-www-form-urlencoded").header("User-Agent", config.userAgent())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? null : "the hub answered HTTP " + r.statusCode();
        } catch (java.io.IOException e) {
            return "the hub could not be reached (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** §5.1.1 hub.secret: 32 random bytes, URL-safe (the limit is 200 bytes). */
    private static String secret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
