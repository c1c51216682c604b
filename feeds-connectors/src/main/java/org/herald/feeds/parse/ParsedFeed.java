package org.herald.feeds.parse;

import java.net.URI;
import java.util.List;
import org.herald.feeds.normalise.FeedEntry;

/**
 * The result of parsing one feed document. {@code format} names what was found (e.g. "rss_2.0", "atom_1.0",
 * "json_feed_1.1"); {@code hub}/{@code self} come from atom:link rel="hub"/"self" (W3C WebSub §4 discovery);
 * {@code ttlMinutes} from RSS &lt;ttl&gt;. {@code warnings} lists what was tolerated (dropped geo, retry without
 * modules, unparseable dates), one clear line each.
 */
public record ParsedFeed(String format, String title, String link, URI hub, URI self, Integer ttlMinutes,
                         List<FeedEntry> entries, List<String> warnings) {
    public ParsedFeed {
        entries = entries == null ? List.of() : List.copyOf(entries);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
