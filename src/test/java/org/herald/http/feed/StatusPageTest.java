package org.herald.http.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusPageTest {
    private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void everyValueIsEscapedAndNothingIsLoadedFromElsewhere() {
        StatusNode hostile = new StatusNode("a/<b>", "<script>alert('t')</script>", "\"quoted\" & <i>d</i>", false, 3,
                List.of(new StatusNode.Item("i\"1", "<img src=x onerror=alert(1)>", T)));
        String html = StatusPage.render(List.of(hostile), false, "<pre>");
        assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("<i>")
                .contains("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;")
                .contains("&quot;quoted&quot; &amp; &lt;i&gt;d&lt;/i&gt;")
                .contains("&lt;img src=x onerror=alert(1)&gt;").contains("&lt;pre&gt;")
                .contains("3 subscribers")
                .contains("href=\"/feeds/a%2F%3Cb%3E.atom\"").contains("href=\"/feeds/a%2F%3Cb%3E.rss\"")
                .contains("href=\"/feeds/a%2F%3Cb%3E.json\"").contains("href=\"/api/v1/nodes/a%2F%3Cb%3E/events\"")
                .doesNotContainPattern("(src|href)=\"(https?:)?//");
    }

    @Test
    void aNodeWhoseItemsCarryPositionsLinksToItsMapAndOthersDoNot() {
        StatusNode fleet = new StatusNode("fleet/<a>", "Fleet", null, false, 0,
                List.of(new StatusNode.Item("car", "car", T, true)));
        StatusNode notes = new StatusNode("notes", "Notes", null, false, 0, List.of(new StatusNode.Item("n", "n", T)));
        String html = StatusPage.render(List.of(fleet, notes), false, null);
        assertThat(html).contains("href=\"/dashboard?node=fleet%2F%3Ca%3E\">Map</a>").doesNotContain("/dashboard?node=notes");
    }

    @Test
    void aCollectionHasNoFeedsAndAnEmptyServiceSaysSo() {
        String html = StatusPage.render(List.of(new StatusNode("c", "Coll", null, true, 1, List.of())), true, null);
        assertThat(html).contains("(collection)").contains("1 subscriber<").doesNotContain("/feeds/c.")
                .contains("More nodes are not shown");
        assertThat(StatusPage.render(List.of(), false, null)).contains("No public nodes yet.");
    }
}
