package org.herald.feeds.normalise;

import java.time.Instant;
import java.util.List;

/**
 * One feed entry, independent of the format it came in (RSS guid / Atom id / JSON Feed id all become {@code guid}).
 * Any field may be null except the lists (empty when absent). {@code contentType} is "text", "html" or "xhtml" and
 * describes {@code content} (and {@code summary}, which is treated as the same kind of text).
 */
public record FeedEntry(String guid, String link, String title, String summary, String content, String contentType,
                        Instant published, Instant updated, List<String> authors, List<String> categories, Geo geo) {
    public FeedEntry {
        authors = authors == null ? List.of() : List.copyOf(authors);
        categories = categories == null ? List.of() : List.copyOf(categories);
    }
}
