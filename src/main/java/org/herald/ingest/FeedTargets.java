package org.herald.ingest;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.herald.feeds.net.AddressGuard;
import org.herald.feeds.net.BlockedAddressException;
import org.herald.http.problem.HttpProblem;

/**
 * Checks a feed URL before it is registered: absolute http(s) with a host, and (SSRF) not resolving to a private,
 * loopback or link-local address unless herald.ingest.allow-private-targets. The fetcher checks again at every
 * fetch and redirect, as DNS may change; this check only refuses what is refused anyway, early and precisely.
 */
@ApplicationScoped
public class FeedTargets {
    private final AddressGuard guard;

    @Inject
    FeedTargets(IngestConfig config) {
        this(new AddressGuard(config.allowPrivateTargets()));
    }

    /** With a guard of the caller's choosing (tests: a guard that refuses private targets). */
    public FeedTargets(AddressGuard guard) {
        this.guard = guard;
    }

    /** The parsed URL, or a 422 naming {@code url}. Resolves the host off the event loop. */
    public Uni<URI> check(String url) {
        syntax(url);
        return OffLoop.call(() -> checkNow(url));
    }

    /** The whole check, blocking (DNS): never call it on the event loop. */
    URI checkNow(String url) {
        URI uri = syntax(url);
        try {
            guard.check(uri);
            return uri;
        } catch (BlockedAddressException e) {
            throw HttpProblem.invalid("url", "refused: " + e.getMessage());
        }
    }

    /** The syntactic part of the check, which needs no DNS. */
    static URI syntax(String url) {
        if (url == null || url.isBlank()) throw HttpProblem.invalid("url", "is required");
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw HttpProblem.invalid("url", "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw HttpProblem.invalid("url", "must be an http or https URL");
        if (uri.getHost() == null || uri.getHost().isEmpty()) throw HttpProblem.invalid("url", "has no host");
        if (uri.getRawUserInfo() != null) throw HttpProblem.invalid("url", "must not carry credentials");
        return uri.normalize();
    }
}
