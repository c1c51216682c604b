package org.herald.feeds.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.herald.feeds.fetch.BodyReader.BodyException;
import org.herald.feeds.fetch.FetchResult.Failed;
import org.herald.feeds.net.AddressGuard;
import org.herald.feeds.net.BlockedAddressException;

/**
 * One polite, bounded, SSRF-guarded GET of a feed. Blocking: callers run it off the event loop.
 *
 * <p>Built on {@link java.net.http.HttpClient} with redirects set to NEVER, so that every hop passes the
 * {@link AddressGuard} before it is requested (a public URL answering "Location: http://127.0.0.1/" is refused), and
 * so that we see each hop's status (permanentUrl only when all were 301/308). HttpClient over HttpURLConnection:
 * per-client connect timeout, no global redirect/cookie state, no transparent decompression to work around. HTTP/1.1
 * only: one request per poll gains nothing from HTTP/2, and plain-http h2c upgrades upset some servers.
 *
 * <p>The request timeout bounds the wait for each hop's headers; a watchdog closes the body stream at the total
 * deadline, so a server dripping bytes cannot outlast it.
 *
 * <p>Thread-safe: share one instance per set of limits (it holds one HttpClient and its connection pool).
 */
public final class FeedFetcher {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "herald-feed-fetch-deadline");
        t.setDaemon(true);
        return t;
    });

    private final FetchLimits limits;
    private final UrlCheck guard;
    private final HttpClient client;
    private final Clock clock;

    /** How each hop's URL is vetted; {@link AddressGuard#check} in production, a stand-in only in tests. */
    @FunctionalInterface
    interface UrlCheck {
        void check(URI url) throws BlockedAddressException;
    }

    public FeedFetcher(FetchLimits limits, AddressGuard guard) {
        this(limits, Objects.requireNonNull(guard, "guard")::check, Clock.systemUTC());
    }

    FeedFetcher(FetchLimits limits, UrlCheck guard, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(limits.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public FetchResult fetch(FetchRequest request) {
        long deadline = System.nanoTime() + limits.totalTimeout().toNanos();
        URI url = withoutFragment(request.url());
        Set<URI> visited = new HashSet<>();
        visited.add(url);
        boolean allPermanent = true;
        int hops = 0;
        while (true) {
            try {
                guard.check(url);
            } catch (BlockedAddressException e) {
                return new Failed((hops == 0 ? "refused " : "refused redirect to ") + origin(url) + ": " + e.getMessage(), null);
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) return timedOut();
            HttpResponse<InputStream> response;
            try {
                response = client.send(get(url, request, Duration.ofNanos(remaining)), HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpConnectTimeoutException e) {
                return new Failed("could not connect to " + origin(url) + " within " + limits.connectTimeout().toSeconds() + " s", null);
            } catch (HttpTimeoutException e) {
                return timedOut();
            } catch (ConnectException e) {
                return new Failed("could not connect to " + origin(url), null);
            } catch (IOException e) {
                return ioFailure(url, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Failed("interrupted", null);
            } catch (IllegalArgumentException e) {
                // HttpClient refuses some URLs (and header values) the guard let through
                return new Failed("cannot request " + origin(url) + ": invalid URL or validator", null);
            }
            int status = response.statusCode();
            if (isRedirect(status)) {
                close(response.body());
                String location = response.headers().firstValue("Location").orElse(null);
                if (location == null) return new Failed("HTTP " + status + " redirect without a Location", status);
                URI next;
                try {
                    // RFC 9110 §10.2.2: a relative reference is resolved against the request's URL.
                    next = withoutFragment(resolve(url, new URI(location.trim())));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    return new Failed("HTTP " + status + " redirect to an invalid Location", status);
                }
                allPermanent &= status == 301 || status == 308;
                if (++hops > limits.maxRedirects()) return new Failed("more than " + limits.maxRedirects() + " redirects", status);
                if (!visited.add(next)) return new Failed("redirect loop at " + origin(next), status);
                url = next;
                continue;
            }
            URI permanent = hops > 0 && allPermanent ? url : null;
            var headers = response.headers();
            if (status == 304) {
                close(response.body());
                return new FetchResult.NotModified(permanent, HttpDates.maxAge(headers.allValues("Cache-Control")));
            }
            if (status == 410) {
                close(response.body());
                return new FetchResult.Gone(url);
            }
            if (status == 429 || status == 503) {
                close(response.body());
                return new FetchResult.RetryLater(status, HttpDates.retryAfter(headers.firstValue("Retry-After").orElse(null), clock));
            }
            if (status < 200 || status > 299) {
                close(response.body());
                return new Failed("HTTP " + status + " from " + origin(url), status);
            }
            String encoding = headers.firstValue("Content-Encoding").orElse(null);
            OptionalLong length = headers.firstValueAsLong("Content-Length");
            if ((encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity"))
                    && length.isPresent() && length.getAsLong() > limits.maxBodyBytes()) {
                close(response.body());
                return new Failed("the body is larger than " + limits.maxBodyBytes() + " bytes (Content-Length " + length.getAsLong() + ")", status);
            }
            byte[] body;
            try {
                body = readBefore(deadline, response.body(), encoding);
            } catch (BodyException e) {
                return new Failed(e.getMessage(), status);
            } catch (DeadlineException e) {
                return timedOut();
            } catch (IOException e) {
                return ioFailure(url, e);
            }
            return new FetchResult.Fetched(url, permanent, body, headers.firstValue("Content-Type").orElse(null),
                    headers.firstValue("ETag").orElse(null), headers.firstValue("Last-Modified").orElse(null),
                    HttpDates.maxAge(headers.allValues("Cache-Control")));
        }
    }

    private HttpRequest get(URI url, FetchRequest request, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).GET().timeout(timeout)
                .header("User-Agent", limits.userAgent())
                .header("Accept", "application/atom+xml, application/rss+xml, application/feed+json, application/json;q=0.9, "
                        + "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8")
                .header("Accept-Encoding", "gzip, deflate");
        // RFC 9110 §13.1.2/§13.1.3: the validators of the last 200; a server honouring them answers 304.
        if (request.etag() != null && !request.etag().isBlank()) b.header("If-None-Match", request.etag());
        if (request.lastModified() != null && !request.lastModified().isBlank()) b.header("If-Modified-Since", request.lastModified());
        return b.build();
    }

    /** Reads the body, closing it at the deadline so a slow drip ends; a read cut short that way is a timeout. */
    private byte[] readBefore(long deadline, InputStream body, String encoding) throws IOException, BodyException, DeadlineException {
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            expired.set(true);
            close(body);
        }, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        try {
            byte[] bytes = BodyReader.read(body, encoding, limits.maxBodyBytes());
            if (expired.get()) throw new DeadlineException();
            return bytes;
        } catch (IOException e) {
            if (expired.get()) throw new DeadlineException();
            throw e;
        } finally {
            watchdog.cancel(false);
            close(body);
        }
    }

    private Failed timedOut() {
        return new Failed("timed out: no complete response within " + limits.totalTimeout().toMillis() + " ms", null);
    }

    private static Failed ioFailure(URI url, IOException e) {
        String detail = e instanceof SSLException ? "TLS failure" : "I/O error (" + e.getClass().getSimpleName() + ")";
        return new Failed(detail + " talking to " + origin(url), null);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Scheme, host and port only: what a reason may name of a URL (its path and query may hold tokens). */
    static String origin(URI url) {
        if (url.getHost() == null) return "a " + url.getScheme() + ": URL";
        return url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
    }

    /** URI.resolve, except that a base without a path counts as "/" (java.net.URI would glue "http://a" + "b" into "http://ab"). */
    private static URI resolve(URI base, URI reference) throws URISyntaxException {
        if (!reference.isAbsolute() && (base.getRawPath() == null || base.getRawPath().isEmpty())) {
            base = new URI(base.getScheme() + "://" + base.getRawAuthority() + "/");
        }
        return base.resolve(reference);
    }

    private static URI withoutFragment(URI url) {
        if (url.getRawFragment() == null) return url;
        String s = url.toString();
        return URI.create(s.substring(0, s.indexOf('#')));
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing to do: the connection is dropped either way
        }
    }

    private static final class DeadlineException extends Exception {
        DeadlineException() {
            super(null, null, false, false);
        }
    }
}
