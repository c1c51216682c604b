package org.herald.http.feed;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.herald.domain.AccessModel;
import org.herald.http.HttpConfig;
import org.herald.http.auth.CurrentActor;
import org.herald.service.ItemPage;
import org.herald.service.ItemsQuery;
import org.herald.service.PageRequest;
import org.herald.service.PubSubService;

/**
 * A node's newest items as a feed: {@code /feeds/{node}.atom}, {@code .rss}, {@code .json}, or {@code /feeds/{node}}
 * choosing by Accept. Reading goes through PubSubService as the request's actor (anonymous without a token), so a
 * feed shows exactly what retrieving the items over XMPP would (XEP-0060 §6.5); refusals are problem+json.
 */
@Path("/feeds")
@Tag(name = "Feeds")
public class FeedResource {
    private final PubSubService service;
    private final CurrentActor actor;
    private final FeedsConfig config;
    private final FeedUrls urls;
    private final FeedVersions versions;

    FeedResource(PubSubService service, CurrentActor actor, FeedsConfig config, HttpConfig http, FeedVersions versions) {
        this.service = service;
        this.actor = actor;
        this.config = config;
        this.urls = new FeedUrls(http.publicUrl());
        this.versions = versions;
    }

    @GET
    @Path("/{name: .+}")
    @Operation(summary = "A node's newest items as Atom 1.0 (.atom), RSS 2.0 (.rss) or JSON Feed 1.1 (.json); "
            + "without an extension the Accept header chooses. Conditional GET with ETag/Last-Modified.")
    public Uni<Response> feed(@PathParam("name") String name, @HeaderParam(HttpHeaders.ACCEPT) String accept,
                              @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                              @HeaderParam(HttpHeaders.IF_MODIFIED_SINCE) String ifModifiedSince) {
        FeedFormat named = FeedFormat.ofName(name);
        String node = named == null ? name : name.substring(0, name.length() - named.extension().length() - 1);
        FeedFormat format = named != null ? named : FeedNegotiation.choose(accept);
        if (format == null) {
            throw new NotAcceptableException("feeds are application/atom+xml, application/rss+xml or application/feed+json");
        }
        PageRequest newest = PageRequest.first(config.maxItems());
        return service.itemsPage(actor.get().jid(), node, new ItemsQuery(null, List.of(), null, newest))
                // writing a feed of large payloads is CPU work: off the event loop
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(page -> respond(page, format, named == null, ifNoneMatch, ifModifiedSince));
    }

    private Response respond(ItemPage page, FeedFormat format, boolean negotiated, String ifNoneMatch,
                             String ifModifiedSince) {
        FeedVersion version = FeedVersion.of(page);
        String etag = version.etag(format);
        Instant now = versions.now();
        Instant lastModified = Conditional.lastModified(versions.since(page.node().id(), version), now);
        Response.ResponseBuilder r = Conditional.notModified(ifNoneMatch, ifModifiedSince, etag, lastModified, now)
                ? Response.notModified()
                : Response.ok(render(FeedDocument.of(page.node(), page.items(), urls), format), format.contentType());
        r.header(HttpHeaders.ETAG, etag);
        if (lastModified != null) r.header(HttpHeaders.LAST_MODIFIED, Conditional.format(lastModified));
        boolean open = page.node().config().accessModel() == AccessModel.OPEN;
        // RFC 9111 §5.2.2: a feed anyone may read may be cached if revalidated; any other is the reader's alone.
        r.header(HttpHeaders.CACHE_CONTROL, open ? "public, no-cache" : "private, no-store");
        String vary = (negotiated ? "Accept" : "") + (open ? "" : (negotiated ? ", " : "") + "Authorization");
        if (!vary.isEmpty()) r.header(HttpHeaders.VARY, vary);
        if (negotiated) r.header("Content-Location", urls.feed(page.node().id(), format));
        return r.build();
    }

    private static String render(FeedDocument doc, FeedFormat format) {
        return switch (format) {
            case ATOM -> AtomRenderer.render(doc);
            case RSS -> RssRenderer.render(doc);
            case JSON -> JsonFeedRenderer.render(doc);
        };
    }
}
