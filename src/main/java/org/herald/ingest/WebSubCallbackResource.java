package org.herald.ingest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.herald.feeds.parse.FeedParseException;
import org.herald.feeds.parse.FeedParser;
import org.herald.feeds.parse.ParsedFeed;
import org.herald.http.websub.SignatureMethod;
import org.jboss.logging.Logger;

/**
 * The callback of Herald's WebSub subscriptions at feeds' hubs (see {@link WebSubSubscriber}). Hubs call it without
 * a token: a verification is accepted only for the topic Herald asked about, and pushed content only with a valid
 * X-Hub-Signature keyed by the secret Herald gave (W3C WebSub §8); anything else is answered and ignored.
 */
@Path("/api/v1/feeds/{id}/websub")
@Tag(name = "Feed ingestion")
public class WebSubCallbackResource {
    private static final Logger LOG = Logger.getLogger(WebSubCallbackResource.class);

    private final FeedStore store;
    private final FeedPass pass;
    private final IngestConfig config;
    private final FeedParser parser = new FeedParser();
    private final Clock clock = Clock.systemUTC();

    WebSubCallbackResource(FeedStore store, FeedPass pass, IngestConfig config) {
        this.store = store;
        this.pass = pass;
        this.config = config;
    }

    @GET
    @Operation(summary = "WebSub verification of intent (called by the feed's hub)")
    public Uni<Response> verify(@PathParam("id") String id, @QueryParam("hub.mode") String mode,
                                @QueryParam("hub.topic") String topic, @QueryParam("hub.challenge") String challenge,
                                @QueryParam("hub.lease_seconds") Long leaseSeconds) {
        Long feedId = id(id);
        if (feedId == null || challenge == null || topic == null) return Uni.createFrom().item(notFound());
        if ("subscribe".equals(mode)) {
            // §5.3: confirm by echoing the challenge, only for the subscription Herald asked for; the lease is the hub's.
            Duration lease = leaseSeconds != null && leaseSeconds > 0 ? Duration.ofSeconds(leaseSeconds) : config.websubLease();
            return store.websubVerified(feedId, topic, clock.instant().plus(lease))
                    .map(ok -> ok ? Response.ok(challenge, MediaType.TEXT_PLAIN).build() : notFound());
        }
        if ("unsubscribe".equals(mode)) {
            // Herald never unsubscribes while the feed exists; once it is deleted, any unsubscription is welcome.
            return store.find(feedId).map(f -> f.isEmpty() ? Response.ok(challenge, MediaType.TEXT_PLAIN).build() : notFound());
        }
        return Uni.createFrom().item(notFound());
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "WebSub content distribution (called by the feed's hub)")
    public Uni<Response> content(@PathParam("id") String id, @HeaderParam("X-Hub-Signature") String signature,
                                 @HeaderParam("Content-Type") String contentType, byte[] body) {
        Long feedId = id(id);
        if (feedId == null) return Uni.createFrom().item(Response.status(410).build());
        return store.websub(feedId).chain(state -> {
            // §7: 410 tells the hub the subscription is over (the feed was deleted).
            if (state.isEmpty()) return Uni.createFrom().item(Response.status(410).build());
            FeedStore.WebSubState s = state.get();
            if (!"active".equals(s.state()) || s.secret() == null || !signed(s.secret(), signature, body)) {
                // §8: content without a valid signature is ignored; the hub is still answered 2xx.
                LOG.debugf("feed %d: pushed content ignored (no valid X-Hub-Signature)", feedId);
                return Uni.createFrom().item(Response.accepted().build());
            }
            return store.find(feedId).chain(feed -> feed.isEmpty() || !feed.get().status().active()
                    ? Uni.createFrom().item(Response.accepted().build())
                    : ingest(feed.get(), contentType, body));
        });
    }

    private Uni<Response> ingest(Feed feed, String contentType, byte[] body) {
        return OffLoop.call(() -> {
            try {
                return parser.parse(body, contentType, URI.create(feed.url()));
            } catch (FeedParseException e) {
                return (ParsedFeed) null;
            }
        }).chain(parsed -> parsed == null
                ? store.pushed(feed.id(), 0, "pushed content is not a feed")
                : pass.ingest(feed, parsed.entries()).chain(p -> store.pushed(feed.id(), p.count(),
                        p.revoked() ? feed.addedBy() + " may no longer publish to node " + feed.nodeId() : p.refused())))
                .onFailure().recoverWithUni(e -> store.pushed(feed.id(), 0, "pushed content not published: " + e.getMessage()))
                .replaceWith(Response.accepted().build());
    }

    /** §8: X-Hub-Signature is method=hex HMAC of the exact body; compared in constant time. */
    static boolean signed(String secret, String header, byte[] body) {
        if (header == null) return false;
        int eq = header.indexOf('=');
        if (eq < 0) return false;
        String method = header.substring(0, eq).trim();
        for (SignatureMethod m : SignatureMethod.values()) {
            if (m.wire().equalsIgnoreCase(method)) {
                return MessageDigest.isEqual(m.header(secret, body).getBytes(StandardCharsets.US_ASCII),
                        (m.wire() + "=" + header.substring(eq + 1).trim().toLowerCase(java.util.Locale.ROOT))
                                .getBytes(StandardCharsets.US_ASCII));
            }
        }
        return false;
    }

    private static Long id(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Response notFound() {
        return Response.status(404).type(MediaType.TEXT_PLAIN).entity("no such subscription").build();
    }
}
