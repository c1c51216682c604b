package org.herald.http.websub;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The syntax a callback URL must have (§5.1.1 hub.callback): an absolute http(s) URL with a host. Credentials in
 * the URL are refused, so that nothing secret sits in a URL the hub stores and may name in logs. Whether its host
 * may be called is {@link CallbackGuard}'s question.
 */
public final class CallbackUrls {
    /** Longer callbacks are refused: no real subscriber needs more, and every row and request would carry them. */
    public static final int MAX_LENGTH = 2048;

    private CallbackUrls() {
    }

    /** The callback as a URI, or an {@link IllegalArgumentException} saying what is wrong with it. */
    public static URI parse(String value) {
        if (value.length() > MAX_LENGTH) throw new IllegalArgumentException("longer than " + MAX_LENGTH + " characters");
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) throw new IllegalArgumentException("has no valid host");
        if (uri.getRawUserInfo() != null) throw new IllegalArgumentException("must not carry credentials");
        if (uri.getRawFragment() != null) throw new IllegalArgumentException("must not have a fragment");
        return uri;
    }

    /** Scheme, host and port only: what logs may show of a callback (its path and query may hold tokens). */
    public static String origin(String callback) {
        try {
            URI uri = new URI(callback);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        } catch (URISyntaxException e) {
            return "(unparseable callback)";
        }
    }

    /**
     * §5.2/§5.3: the callback with the hub's parameters added, keeping the callback's own query ("Hubs MUST preserve
     * the query string ... by appending new parameters to the end of the list using the & character").
     */
    public static String withQuery(String callback, String query) {
        return callback + (callback.indexOf('?') >= 0 ? "&" : "?") + query;
    }
}
