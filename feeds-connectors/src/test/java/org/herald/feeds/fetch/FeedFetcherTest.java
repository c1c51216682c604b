package org.herald.feeds.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.herald.feeds.fetch.FetchResult.Failed;
import org.herald.feeds.fetch.FetchResult.Fetched;
import org.herald.feeds.fetch.FetchResult.Gone;
import org.herald.feeds.fetch.FetchResult.NotModified;
import org.herald.feeds.fetch.FetchResult.RetryLater;
import org.herald.feeds.net.AddressGuard;
import org.herald.feeds.net.BlockedAddressException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on 127.0.0.1, so the guard allows private targets except where a test says otherwise. */
class FeedFetcherTest {
    private static final String FEED = "<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title></feed>";
    private static final String ATOM = "application/atom+xml; charset=utf-8";
    private static final FetchLimits LIMITS = new FetchLimits(Duration.ofSeconds(5), Duration.ofSeconds(20), 1024 * 1024, 5,
            "Herald-Test/1.0 (+https://herald.example/bot)");

    private FeedServer server;
    private FeedFetcher fetcher;

    @BeforeEach
    void start() throws IOException {
        server = new FeedServer();
        fetcher = new FeedFetcher(LIMITS, new AddressGuard(true));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aSecondPollWithTheEtagGets304AndTheRequestCarriesOurHeaders() {
        server.route("/feed", ex -> {
            if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                FeedServer.send(ex, 304, null, "Cache-Control", "public, max-age=600");
            } else {
                FeedServer.send(ex, 200, FEED.getBytes(StandardCharsets.UTF_8), "Content-Type", ATOM, "ETag", "\"v1\"",
                        "Cache-Control", "max-age=300, must-revalidate");
            }
        });
        Fetched first = (Fetched) fetcher.fetch(FetchRequest.of(server.url("/feed")));
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo(FEED);
        assertThat(first.contentType()).isEqualTo(ATOM);
        assertThat(first.etag()).isEqualTo("\"v1\"");
        assertThat(first.lastModified()).isNull();
        assertThat(first.maxAge()).isEqualTo(Duration.ofSeconds(300));
        assertThat(first.finalUrl()).isEqualTo(server.url("/feed"));
        assertThat(first.permanentUrl()).isNull();

        FetchResult second = fetcher.fetch(new FetchRequest(server.url("/feed"), first.etag(), first.lastModified()));
        assertThat(second).isEqualTo(new NotModified(null, Duration.ofSeconds(600)));

        var firstHeaders = server.seen().get(0).headers();
        assertThat(firstHeaders.getFirst("User-Agent")).isEqualTo(LIMITS.userAgent());
        assertThat(firstHeaders.getFirst("Accept-Encoding")).isEqualTo("gzip, deflate");
        assertThat(firstHeaders.getFirst("If-None-Match")).isNull();
        assertThat(server.seen().get(1).headers().getFirst("If-None-Match")).isEqualTo("\"v1\"");
    }

    @Test
    void aSecondPollWithLastModifiedGets304() {
        String stamp = "Wed, 21 Oct 2026 07:28:00 GMT";
        server.route("/feed", ex -> {
            if (stamp.equals(ex.getRequestHeaders().getFirst("If-Modified-Since"))) {
                FeedServer.send(ex, 304, null);
            } else {
                FeedServer.send(ex, 200, FEED.getBytes(StandardCharsets.UTF_8), "Content-Type", ATOM, "Last-Modified", stamp);
            }
        });
        Fetched first = (Fetched) fetcher.fetch(FetchRequest.of(server.url("/feed")));
        assertThat(first.lastModified()).isEqualTo(stamp);
        assertThat(first.etag()).isNull();
        assertThat(first.maxAge()).isNull();
        assertThat(fetcher.fetch(new FetchRequest(server.url("/feed"), null, first.lastModified())))
                .isEqualTo(new NotModified(null, null));
    }

    @Test
    void aChainOfPermanentRedirectsNamesTheNewHomeWithRelativeLocationsResolved() {
        server.redirect("/old/feed", 301, "../moved/feed")       // relative path
                .redirect("/moved/feed", 308, "/new")             // absolute path
                .redirect("/new", 301, server.url("/final").toString())
                .respond("/final", 200, FEED, "Content-Type", ATOM);
        Fetched fetched = (Fetched) fetcher.fetch(FetchRequest.of(server.url("/old/feed")));
        assertThat(fetched.finalUrl()).isEqualTo(server.url("/final"));
        assertThat(fetched.permanentUrl()).isEqualTo(server.url("/final"));
        assertThat(server.paths()).containsExactly("/old/feed", "/moved/feed", "/new", "/final");
    }

    @Test
    void oneTemporaryHopMeansNoPermanentUrl() {
        server.redirect("/a", 301, "/b").redirect("/b", 302, "/c").respond("/c", 200, FEED);
        Fetched fetched = (Fetched) fetcher.fetch(FetchRequest.of(server.url("/a")));
        assertThat(fetched.finalUrl()).isEqualTo(server.url("/c"));
        assertThat(fetched.permanentUrl()).isNull();

        server.redirect("/t", 307, "/c");
        assertThat(((Fetched) fetcher.fetch(FetchRequest.of(server.url("/t")))).permanentUrl()).isNull();
    }

    @Test
    void aPermanentRedirectIsReportedOn304Too() {
        server.redirect("/old", 301, "/new").respond("/new", 304, null);
        assertThat(fetcher.fetch(new FetchRequest(server.url("/old"), "\"x\"", null)))
                .isEqualTo(new NotModified(server.url("/new"), null));
    }

    @Test
    void aRedirectLoopFails() {
        server.redirect("/x", 302, "/y").redirect("/y", 302, "/x");
        Failed failed = (Failed) fetcher.fetch(FetchRequest.of(server.url("/x")));
        assertThat(failed.reason()).startsWith("redirect loop");
        assertThat(server.paths()).containsExactly("/x", "/y");
    }

    @Test
    void tooManyRedirectsFail() {
        for (int i = 0; i < 7; i++) server.redirect("/r" + i, 301, "/r" + (i + 1));
        server.respond("/r7", 200, FEED);
        Failed failed = (Failed) fetcher.fetch(FetchRequest.of(server.url("/r0")));
        assertThat(failed.reason()).isEqualTo("more than 5 redirects");
        assertThat(server.paths()).hasSize(6);
    }

    @Test
    void aRedirectWithoutLocationFails() {
        server.respond("/nowhere", 302, null);
        assertThat(fetcher.fetch(FetchRequest.of(server.url("/nowhere"))))
                .isEqualTo(new Failed("HTTP 302 redirect without a Location", 302));
    }

    @Test
    void tooManyRequestsWithRetryAfterSeconds() {
        server.respond("/feed", 429, "slow down", "Retry-After", "120");
        assertThat(fetcher.fetch(FetchRequest.of(server.url("/feed")))).isEqualTo(new RetryLater(429, Duration.ofSeconds(120)));
    }

    @Test
    void tooManyRequestsWithRetryAfterAnHttpDate() {
        Clock now = Clock.fixed(Instant.parse("2026-10-21T07:26:00Z"), ZoneOffset.UTC);
        FeedFetcher atFixedTime = new FeedFetcher(LIMITS, url -> { }, now);
        server.respond("/feed", 429, null, "Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT");
        assertThat(atFixedTime.fetch(FetchRequest.of(server.url("/feed")))).isEqualTo(new RetryLater(429, Duration.ofSeconds(120)));
        server.respond("/past", 429, null, "Retry-After", "Wed, 21 Oct 2026 07:00:00 GMT");
        assertThat(atFixedTime.fetch(FetchRequest.of(server.url("/past")))).isEqualTo(new RetryLater(429, Duration.ZERO));
    }

    @Test
    void serviceUnavailableIsRetryLaterWithOrWithoutRetryAfter() {
        server.respond("/busy", 503, "maintenance", "Retry-After", "30").respond("/down", 503, null);
        assertThat(fetcher.fetch(FetchRequest.of(server.url("/busy")))).isEqualTo(new RetryLater(503, Duration.ofSeconds(30)));
        assertThat(fetcher.fetch(FetchRequest.of(server.url("/down")))).isEqualTo(new RetryLater(503, null));
    }

    @Test
    void goneStopsTheFeedAndOtherErrorsFailWithTheirStatus() {
        server.redirect("/old", 301, "/gone").respond("/gone", 410, "bye").respond("/boom", 500, "oops");
        assertThat(fetcher.fetch(FetchRequest.of(server.url("/old")))).isEqualTo(new Gone(server.url("/gone")));
        assertThat(fetcher.fetch(FetchRequest.of(server.url("/boom")))).isEqualTo(
                new Failed("HTTP 500 from http://127.0.0.1:" + server.port(), 500));
        assertThat(((Failed) fetcher.fetch(FetchRequest.of(server.url("/missing")))).status()).isEqualTo(404);
    }

    @Test
    void gzipAndDeflateBodiesAreDecompressed() throws IOException {
        byte[] plain = FEED.repeat(50).getBytes(StandardCharsets.UTF_8);
        server.respond("/plain", 200, FEED.repeat(50))
                .route("/gzip", ex -> FeedServer.send(ex, 200, gzip(plain), "Content-Encoding", "gzip"))
                .route("/deflate", ex -> FeedServer.send(ex, 200, deflate(plain), "Content-Encoding", "deflate"))
                .route("/raw-deflate", ex -> FeedServer.send(ex, 200, rawDeflate(plain), "Content-Encoding", "deflate"))
                .route("/brotli", ex -> FeedServer.send(ex, 200, plain, "Content-Encoding", "br"))
                .route("/corrupt", ex -> FeedServer.send(ex, 200, plain, "Content-Encoding", "gzip"));
        for (String path : new String[] {"/plain", "/gzip", "/deflate", "/raw-deflate"}) {
            assertThat(((Fetched) fetcher.fetch(FetchRequest.of(server.url(path)))).body()).as(path).isEqualTo(plain);
        }
        assertThat(fetcher.fetch(FetchRequest.of(server.url("/brotli")))).isEqualTo(new Failed("unsupported Content-Encoding 'br'", 200));
        assertThat(fetcher.fetch(FetchRequest.of(server.url("/corrupt")))).isEqualTo(new Failed("the gzip body is corrupt", 200));
    }

    @Test
    void aGzipBombIsCutAtTheCapAfterDecompression() {
        // 1 GiB of zeros, compressed on the fly as the client reads (about 1 MiB on the wire in all): never held anywhere.
        server.route("/bomb", ex -> {
            ex.getResponseHeaders().add("Content-Encoding", "gzip");
            ex.sendResponseHeaders(200, 0);
            byte[] zeros = new byte[64 * 1024];
            try (OutputStream out = new GZIPOutputStream(ex.getResponseBody(), 64 * 1024)) {
                for (int i = 0; i < 16 * 1024; i++) out.write(zeros);
            }
        });
        assertThat(fetcher.fetch(FetchRequest.of(server.url("/bomb"))))
                .isEqualTo(new Failed("the body is larger than 1048576 bytes after decompression", 200));
    }

    @Test
    void anEndlessBodyIsCutAtTheCap() {
        server.route("/endless", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked, no length: it just keeps coming
            byte[] chunk = FEED.getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = ex.getResponseBody()) {
                while (true) out.write(chunk);
            }
        });
        server.respond("/announced", 200, "x".repeat(2 * 1024 * 1024));
        assertThat(fetcher.fetch(FetchRequest.of(server.url("/endless"))))
                .isEqualTo(new Failed("the body is larger than 1048576 bytes", 200));
        assertThat(fetcher.fetch(FetchRequest.of(server.url("/announced"))))
                .isEqualTo(new Failed("the body is larger than 1048576 bytes (Content-Length 2097152)", 200));
    }

    @Test
    void aServerThatDripsOrNeverAnswersTimesOut() {
        FeedFetcher impatient = new FeedFetcher(new FetchLimits(Duration.ofSeconds(5), Duration.ofMillis(700), 1024 * 1024, 5,
                "Herald-Test/1.0"), new AddressGuard(true));
        server.route("/drip", ex -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write("<feed".getBytes(StandardCharsets.UTF_8));
            out.flush();
            server.park(); // the rest never comes while the client waits
        });
        server.route("/silent", ex -> server.park());
        Failed expected = new Failed("timed out: no complete response within 700 ms", null);
        assertThat(impatient.fetch(FetchRequest.of(server.url("/drip")))).isEqualTo(expected);
        assertThat(impatient.fetch(FetchRequest.of(server.url("/silent")))).isEqualTo(expected);
    }

    @Test
    void aPrivateTargetIsRefusedBeforeAnyRequestWhenTheGuardDisallowsIt() {
        FeedFetcher strict = new FeedFetcher(LIMITS, new AddressGuard(false));
        server.respond("/feed", 200, FEED);
        assertThat(strict.fetch(FetchRequest.of(server.url("/feed")))).isEqualTo(
                new Failed("refused http://127.0.0.1:" + server.port() + ": the host resolves to a loopback address", null));
        assertThat(server.seen()).isEmpty();
    }

    @Test
    void aPublicUrlRedirectingToAPrivateAddressIsRefused() {
        // The strict guard, except that this test server's own address stands in for "a public host".
        AddressGuard strict = new AddressGuard(false);
        FeedFetcher.UrlCheck publicServer = url -> {
            if (!("127.0.0.1".equals(url.getHost()) && url.getPort() == server.port())) strict.check(url);
        };
        FeedFetcher fetcher = new FeedFetcher(LIMITS, publicServer, Clock.systemUTC());
        server.redirect("/to-localhost", 302, "http://localhost:" + server.port() + "/admin")
                .redirect("/to-metadata", 301, "http://169.254.169.254/latest/meta-data/")
                .redirect("/to-credentials", 301, "http://admin:s3cret@93.184.215.14/feed")
                .redirect("/to-file", 301, "file:///etc/passwd")
                .respond("/admin", 200, "secret");
        assertThat(fetcher.fetch(FetchRequest.of(server.url("/to-localhost")))).isEqualTo(
                new Failed("refused redirect to http://localhost:" + server.port() + ": the host resolves to a loopback address", null));
        assertThat(fetcher.fetch(FetchRequest.of(server.url("/to-metadata")))).isEqualTo(
                new Failed("refused redirect to http://169.254.169.254: the host resolves to a link-local address", null));
        Failed credentials = (Failed) fetcher.fetch(FetchRequest.of(server.url("/to-credentials")));
        assertThat(credentials.reason()).isEqualTo("refused redirect to http://93.184.215.14: the URL must not carry credentials")
                .doesNotContain("s3cret");
        assertThat(((Failed) fetcher.fetch(FetchRequest.of(server.url("/to-file")))).reason())
                .isEqualTo("refused redirect to a file: URL: only http and https URLs may be fetched");
        assertThat(server.paths()).doesNotContain("/admin");
    }

    @Test
    void aFailureNeverEchoesThePathOrQuery() {
        URI withToken = server.url("/boom?token=s3cret");
        server.respond("/boom", 500, null);
        assertThat(((Failed) fetcher.fetch(FetchRequest.of(withToken))).reason()).doesNotContain("s3cret").doesNotContain("/boom");
    }

    @Test
    void aClosedPortFailsClearly() throws BlockedAddressException {
        URI closed = server.url("/feed");
        int port = server.port();
        server.close();
        assertThat(fetcher.fetch(FetchRequest.of(closed))).isEqualTo(new Failed("could not connect to http://127.0.0.1:" + port, null));
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new DeflaterOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] rawDeflate(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
        try (OutputStream z = new DeflaterOutputStream(out, deflater)) {
            z.write(data);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }
}
