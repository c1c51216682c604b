package org.herald.feeds.cursor;

import java.util.List;
import java.util.Map;
import org.herald.feeds.normalise.FeedEntry;

public final class Cursor {
    private Cursor() {
    }

    public record Change(FeedEntry entry, String itemId, String hash, boolean update) {}

    public static List<Change> changes(List<FeedEntry> entries, Map<String, String> seenHashByKey) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
