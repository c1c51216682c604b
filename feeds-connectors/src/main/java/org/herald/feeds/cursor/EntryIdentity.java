package org.herald.feeds.cursor;

import org.herald.feeds.normalise.FeedEntry;

public final class EntryIdentity {
    private EntryIdentity() {
    }

    public static String key(FeedEntry e) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public static String itemId(FeedEntry e) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public static String contentHash(FeedEntry e) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
