package org.herald.feeds.cursor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.herald.feeds.normalise.FeedEntry;
import org.herald.feeds.normalise.Geo;
import org.junit.jupiter.api.Test;

class CursorTest {
    private static FeedEntry entry(String guid, String link, String title, String content) {
        return new FeedEntry(guid, link, title, null, content, "text", Instant.parse("2024-01-01T00:00:00Z"), null,
                List.of(), List.of(), null);
    }

    @Test
    void keyPrefersGuidThenLinkThenContent() {
        assertThat(EntryIdentity.key(entry("g", "l", "t", "c"))).isEqualTo("guid:g");
        assertThat(EntryIdentity.key(entry(" ", "l", "t", "c"))).isEqualTo("link:l");
        String k = EntryIdentity.key(entry(null, null, "t", "c"));
        assertThat(k).startsWith("hash:").isEqualTo(EntryIdentity.key(entry(null, null, "t", "c")))
                .isNotEqualTo(EntryIdentity.key(entry(null, null, "t", "c2")));
    }

    @Test
    void itemIdIsStableShortAndUrlSafe() {
        String id = EntryIdentity.itemId(entry("tag:example.org,2024:1", null, "t", "c"));
        // Pinned: a change here would republish every entry of every feed after an upgrade.
        assertThat(id).isEqualTo(EntryIdentity.itemId(entry("tag:example.org,2024:1", "other", "x", "y")))
                .hasSize(22).matches("[A-Za-z0-9_-]+");
        assertThat(EntryIdentity.itemId(entry("tag:example.org,2024:2", null, "t", "c"))).isNotEqualTo(id);
    }

    @Test
    void contentHashFollowsEditsButNotPublishedAlone() {
        FeedEntry a = entry("g", "l", "t", "c");
        assertThat(EntryIdentity.contentHash(a)).isEqualTo(EntryIdentity.contentHash(entry("g", "l", "t", "c")));
        assertThat(EntryIdentity.contentHash(entry("g", "l", "t2", "c"))).isNotEqualTo(EntryIdentity.contentHash(a));
        FeedEntry withGeo = new FeedEntry("g", "l", "t", null, "c", "text", a.published(), null, List.of(),
                List.of(), new Geo(1, 2));
        assertThat(EntryIdentity.contentHash(withGeo)).isNotEqualTo(EntryIdentity.contentHash(a));
    }

    @Test
    void newEditedUnchangedAndDuplicateEntries() {
        FeedEntry fresh = entry("new", null, "n", "c");
        FeedEntry edited = entry("edit", null, "e2", "c");
        FeedEntry same = entry("same", null, "s", "c");
        Map<String, String> seen = new HashMap<>();
        seen.put("guid:edit", EntryIdentity.contentHash(entry("edit", null, "e1", "c")));
        seen.put("guid:same", EntryIdentity.contentHash(same));
        FeedEntry dupLater = entry("new", null, "n (second copy)", "c");

        List<Cursor.Change> changes = Cursor.changes(List.of(fresh, edited, same, dupLater), seen);

        assertThat(changes).extracting(Cursor.Change::entry).containsExactly(fresh, edited);
        assertThat(changes).extracting(Cursor.Change::update).containsExactly(false, true);
        assertThat(changes.get(0).itemId()).isEqualTo(EntryIdentity.itemId(fresh));
        assertThat(changes.get(1).hash()).isEqualTo(EntryIdentity.contentHash(edited));
        seen.put("guid:new", changes.get(0).hash());
        seen.put("guid:edit", changes.get(1).hash());
        assertThat(Cursor.changes(List.of(fresh, edited, same), seen)).as("second poll").isEmpty();
    }
}
