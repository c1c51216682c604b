package org.herald.http.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.StoredItem;
import org.junit.jupiter.api.Test;

/** One item rendered once per thread for all its streams, and never a message of another item or visibility. */
class RenderedItemsTest {
    static final Jid PUBLISHER = Jid.parse("alice@example.org");

    static StoredItem item(long seq, String id) {
        return new StoredItem(seq, new Item("n", id, "<entry xmlns='http://www.w3.org/2005/Atom'/>", PUBLISHER,
                Instant.EPOCH.plusSeconds(seq)));
    }

    @Test
    void theSameItemOfOneEventIsRenderedOnceAndEqualsWhatEachClientWouldRender() {
        StoredItem one = item(1, "a");
        StreamMessage first = RenderedItems.of(one, true);
        assertThat(RenderedItems.of(one, true)).isSameAs(first);
        assertThat(first).isEqualTo(StreamMessage.item(one, true));
    }

    @Test
    void publisherVisibilityAndOtherItemsGetTheirOwnMessage() {
        StoredItem one = item(2, "b");
        StreamMessage shown = RenderedItems.of(one, true);
        StreamMessage hidden = RenderedItems.of(one, false);
        assertThat(shown.data()).contains("alice@example.org");
        assertThat(hidden.data()).doesNotContain("alice@example.org");
        assertThat(RenderedItems.of(item(3, "c"), true).data()).contains("\"c\"").doesNotContain("\"b\"");
    }

    @Test
    void manyLaterItemsPushAnOldOneOutWithoutChangingWhatItRendersTo() {
        StoredItem old = item(4, "d");
        StreamMessage before = RenderedItems.of(old, true);
        for (int i = 0; i < 20; i++) RenderedItems.of(item(100 + i, "x" + i), true);
        assertThat(RenderedItems.of(old, true)).isEqualTo(before);
    }
}
