package org.herald.feeds.cursor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.herald.feeds.normalise.FeedEntry;

/**
 * Which entries of a freshly parsed document to publish, given what was seen before (key → content hash). Pure: the
 * caller stores the new hashes after publishing. Entries come back in document order.
 */
public final class Cursor {
    private Cursor() {
    }

    /** One entry to publish; {@code update} is true when the key was seen before with another content hash. */
    public record Change(FeedEntry entry, String itemId, String hash, boolean update) {}

    public static List<Change> changes(List<FeedEntry> entries, Map<String, String> seenHashByKey) {
        List<Change> out = new ArrayList<>();
        Set<String> inThisDocument = new HashSet<>();
        for (FeedEntry e : entries) {
            String key = EntryIdentity.key(e);
            // A feed that repeats an entry publishes it once: the first occurrence wins.
            if (!inThisDocument.add(key)) {
                continue;
            }
            String hash = EntryIdentity.contentHash(e);
            String seen = seenHashByKey.get(key);
            if (seen == null) {
                out.add(new Change(e, EntryIdentity.itemId(e), hash, false));
            } else if (!seen.equals(hash)) {
                out.add(new Change(e, EntryIdentity.itemId(e), hash, true));
            }
        }
        return out;
    }
}
