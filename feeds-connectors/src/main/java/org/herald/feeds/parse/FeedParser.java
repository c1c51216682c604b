package org.herald.feeds.parse;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bytes of a fetched document → {@link ParsedFeed}. Decides the charset itself ({@link CharsetSniffer}), then hands
 * JSON Feed to Jackson and everything else to Rome with its XXE-safe defaults. Anything we cannot read is a
 * {@link FeedParseException} with a one-line reason; no other exception escapes. Thread-safe and stateless.
 */
public final class FeedParser {
    public ParsedFeed parse(byte[] body, String contentType, URI base) throws FeedParseException {
        if (body == null || body.length == 0) {
            throw new FeedParseException("empty document");
        }
        List<String> warnings = new ArrayList<>();
        try {
            String text = CharsetSniffer.decode(body, contentType, warnings);
            if (isJson(contentType, text)) {
                return JsonFeedReader.read(text, base, warnings);
            }
            return XmlFeedReader.read(text, base, warnings);
        } catch (FeedParseException e) {
            throw e;
        } catch (StackOverflowError e) {
            throw new FeedParseException("document is nested too deeply", e);
        } catch (RuntimeException e) {
            // A bug in a library (or ours) on hostile input must not take the caller down: refuse this document.
            throw new FeedParseException("unreadable feed (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        }
    }

    /** JSON Feed by media type (application/feed+json, application/json) or by a leading '{'. */
    private static boolean isJson(String contentType, String text) {
        if (contentType != null) {
            String ct = contentType.toLowerCase(Locale.ROOT);
            if (ct.contains("json")) {
                return true;
            }
        }
        return text.stripLeading().startsWith("{");
    }
}
