package org.herald.feeds.parse;

import java.net.URI;

public final class FeedParser {
    public ParsedFeed parse(byte[] body, String contentType, URI base) throws FeedParseException {
        throw new FeedParseException("not implemented yet");
    }
}
