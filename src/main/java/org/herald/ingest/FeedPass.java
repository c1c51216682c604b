package org.herald.ingest;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.herald.config.ComponentConfig;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.feeds.cursor.Cursor;
import org.herald.feeds.cursor.EntryIdentity;
import org.herald.feeds.fetch.FeedFetcher;
import org.herald.feeds.fetch.FetchLimits;
import org.herald.feeds.fetch.FetchRequest;
import org.herald.feeds.fetch.FetchResult;
import org.herald.feeds.net.AddressGuard;
import org.herald.feeds.normalise.AtomPayload;
import org.herald.feeds.normalise.FeedEntry;
import org.herald.feeds.parse.FeedParseException;
import org.herald.feeds.parse.FeedParser;
import org.herald.feeds.parse.ParsedFeed;
import org.herald.service.ItemDraft;
import org.herald.service.PubSubService;
import org.jboss.logging.Logger;

/**
 * One pass over one claimed feed: conditional fetch and parse (on a worker thread), the entries new or edited since
 * the cursor, each published to the node as the system actor and then remembered, and the outcome recorded. Every
 * failure ends as the feed's status; nothing thrown here stops the scheduler. Call it on the feed's own duplicated
 * context.
 */
@ApplicationScoped
public class FeedPass {
    static final String ATOM_NS = "http://www.w3.org/2005/Atom";
    private static final Logger LOG = Logger.getLogger(FeedPass.class);

    private final FeedStore store;
    private final FeedRegistry registry;
    private final PubSubService service;
    private final FeedFetcher fetcher;
    private final FeedParser parser = new FeedParser();
    private final FetchSchedule schedule;
    private final WebSubSubscriber subscriber;
    private final Jid system;
    private final Clock clock = Clock.systemUTC();
    private final FeedMetrics metrics;

    FeedPass(FeedStore store, FeedRegistry registry, PubSubService service, IngestConfig config, ComponentConfig component,
             WebSubSubscriber subscriber, FeedMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
        this.subscriber = subscriber;
        this.registry = registry;
        this.service = service;
        this.fetcher = new FeedFetcher(new FetchLimits(config.connectTimeout(), config.totalTimeout(), config.maxBodyBytes(),
                config.maxRedirects(), config.userAgent()), new AddressGuard(config.allowPrivateTargets()));
        this.schedule = new FetchSchedule(config.defaultInterval(), config.minInterval(), config.maxInterval(), config.backoffBase());
        this.system = Jid.parse(component.jid()).bare();
    }

    /** What the worker thread hands back: the fetch result and, for a 200, the parsed feed or why it is not one. */
    private record Fetch(FetchResult result, ParsedFeed feed, String parseError) {
    }

    public Uni<Void> run(Feed feed) {
        return OffLoop.call(() -> fetchAndParse(feed))
                .chain(f -> settle(feed, f))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("feed %d (node %s): pass failed: %s", feed.id(), feed.nodeId(), e.toString());
                    return settled(feed.id(), failure(feed, null, "internal error: " + e.getClass().getSimpleName()));
                });
    }

    private Fetch fetchAndParse(Feed feed) {
        FetchResult r = fetcher.fetch(new FetchRequest(URI.create(feed.url()), feed.etag(), feed.lastModified()));
        if (!(r instanceof FetchResult.Fetched f)) return new Fetch(r, null, null);
        try {
            return new Fetch(r, parser.parse(f.body(), f.contentType(), f.finalUrl()), null);
        } catch (FeedParseException e) {
            return new Fetch(r, null, e.getMessage());
        }
    }

    private Uni<Void> settle(Feed feed, Fetch f) {
        Instant now = clock.instant();
        FetchResult r = f.result();
        if (r instanceof FetchResult.Fetched ok) {
            if (f.feed() == null) return settled(feed.id(), failure(feed, 200, "not a feed: " + f.parseError()));
            return publish(feed, ok, f.feed());
        }
        if (r instanceof FetchResult.NotModified nm) {
            Duration next = longer(schedule.afterSuccess(nm.maxAge(), null), Duration.ofSeconds(feed.intervalSeconds()));
            if (subscriber.pushing(feed, now)) next = longer(next, subscriber.fallbackInterval());
            String url = url(feed, nm.permanentUrl());
            return settled(feed.id(), new FetchOutcome(FeedStatus.OK, url, null, null, now, 304,
                    null, 0, next.toSeconds(), now.plus(next), 0, feed.hub()))
                    .chain(() -> subscriber.afterPoll(feed, feed.hub() == null ? null : URI.create(feed.hub()), null, URI.create(url)));
        }
        if (r instanceof FetchResult.Gone) {
            // RFC 9110 §15.5.11: the resource is gone for good; no more fetches.
            return settled(feed.id(), new FetchOutcome(FeedStatus.GONE, feed.url(), null, null, now, 410,
                    "the feed is gone (HTTP 410); it is no longer fetched", feed.failures(), feed.intervalSeconds(), now, 0, feed.hub()));
        }
        if (r instanceof FetchResult.RetryLater later) {
            int failures = feed.failures() + 1;
            Duration next = schedule.afterRetryLater(later.after(), failures);
            return settled(feed.id(), new FetchOutcome(FeedStatus.ERROR, feed.url(), null, null, now, later.status(),
                    "HTTP " + later.status() + ": the server asked to retry later", failures, feed.intervalSeconds(),
                    now.plus(next), 0, feed.hub()));
        }
        FetchResult.Failed failed = (FetchResult.Failed) r;
        return settled(feed.id(), failure(feed, failed.status(), failed.reason()));
    }

    /** Publishes what changed and settles the pass; the WebSub subscription is looked after once the pass is recorded. */
    private Uni<Void> publish(Feed feed, FetchResult.Fetched fetched, ParsedFeed parsed) {
        Instant now = clock.instant();
        Duration next = schedule.afterSuccess(fetched.maxAge(), parsed.ttlMinutes());
        if (subscriber.pushing(feed, now)) next = longer(next, subscriber.fallbackInterval()); // polling is the fallback
        String hub = parsed.hub() == null ? null : parsed.hub().toString();
        FetchOutcome done = new FetchOutcome(FeedStatus.OK, url(feed, fetched.permanentUrl()), fetched.etag(),
                fetched.lastModified(), now, 200, null, 0, next.toSeconds(), now.plus(next), 0, hub);
        return ingest(feed, parsed.entries()).chain(p -> {
            if (p.revoked()) {
                return settled(feed.id(), new FetchOutcome(FeedStatus.REVOKED, done.url(), null, null, now, 200,
                        feed.addedBy() + " may no longer publish to node " + feed.nodeId(), 0, done.intervalSeconds(), now, 0, hub));
            }
            return settled(feed.id(), withPublished(done, p.count(), p.refused()))
                    .chain(() -> subscriber.afterPoll(feed, parsed.hub(), parsed.self(), URI.create(done.url())));
        }).onFailure(PubSubException.class).recoverWithUni(e -> store.settle(feed.id(),
                failure(feed, 200, "node " + feed.nodeId() + " cannot be published to: " + e.getMessage())));
    }

    /** Records a pass's outcome in the feed's row; every pass ends here, so it is also where fetches are counted. */
    private Uni<Void> settled(long feedId, FetchOutcome outcome) {
        metrics.fetched(outcome);
        return store.settle(feedId, outcome);
    }

    /** What publishing a batch of entries did. */
    record Published(int count, String refused, boolean revoked) {
    }

    /**
     * Publishes the entries new or edited since the cursor, oldest first, each remembered once its publish committed.
     * Fails with item-not-found when the node is gone. Used by polling and by WebSub pushes alike.
     */
    Uni<Published> ingest(Feed feed, List<FeedEntry> entries) {
        return store.seen(feed.id()).chain(seen -> {
            List<Cursor.Change> changes = new ArrayList<>(Cursor.changes(entries, seen));
            if (changes.isEmpty()) return Uni.createFrom().item(new Published(0, null, false));
            Collections.reverse(changes); // feeds list newest first; the node's last item should be the newest entry
            // The registrant's right is checked again whenever there is something to publish: a feed does not outlive it.
            return registry.mayPublish(Jid.parse(feed.addedBy()), feed.nodeId()).chain(allowed -> allowed
                    ? publishAll(feed, changes)
                    : Uni.createFrom().item(new Published(0, null, true)));
        });
    }

    private Uni<Published> publishAll(Feed feed, List<Cursor.Change> changes) {
        int[] published = {0};
        String[] refused = {null};
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Cursor.Change c : changes) {
            chain = chain.chain(() -> metrics.publish(() -> service.publish(system, feed.nodeId(),
                            new ItemDraft(c.itemId(), AtomPayload.of(c.entry()), ATOM_NS), null))
                    .chain(() -> store.remember(feed.id(), EntryIdentity.key(c.entry()), c.itemId(), c.hash(), clock.instant()))
                    .invoke(() -> published[0]++)
                    .onFailure(PubSubException.class).recoverWithUni(e -> {
                        PubSubException p = (PubSubException) e;
                        if (p.error() == PubSubError.ITEM_NOT_FOUND) return Uni.createFrom().failure(e); // the node is gone
                        // One refused entry (too big, invalid) does not hold back the others; it is tried again next pass.
                        refused[0] = "entry " + c.itemId() + " refused by the node: " + p.getMessage();
                        return Uni.createFrom().voidItem();
                    }));
        }
        return chain.map(v -> new Published(published[0], refused[0], false));
    }

    private static FetchOutcome withPublished(FetchOutcome o, int published, String error) {
        return new FetchOutcome(o.status(), o.url(), o.etag(), o.lastModified(), o.fetchedAt(), o.httpStatus(),
                error == null ? o.error() : error, o.failures(), o.intervalSeconds(), o.nextFetch(), published, o.hub());
    }

    /** A failed pass: the next try backs off exponentially with the number of consecutive failures. */
    private FetchOutcome failure(Feed feed, Integer httpStatus, String error) {
        Instant now = clock.instant();
        int failures = feed.failures() + 1;
        return new FetchOutcome(FeedStatus.ERROR, feed.url(), null, null, now, httpStatus, error, failures,
                feed.intervalSeconds(), now.plus(schedule.afterFailure(failures)), 0, feed.hub());
    }

    /** A permanent redirect (every hop 301/308, RFC 9110 §15.4.2) moves the stored URL. */
    private static String url(Feed feed, URI permanent) {
        return permanent == null ? feed.url() : permanent.toString();
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
