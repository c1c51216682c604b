package org.herald.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.StoredItem;
import org.herald.http.stream.NodeEvent;
import org.herald.http.stream.NodeEvent.Kind;
import org.junit.jupiter.api.Test;

/** Deduplication by sequence number and the fill bookkeeping of one followed node. */
class NodeCursorTest {
    static NodeEvent items(long... seqs) {
        List<StoredItem> items = Arrays.stream(seqs)
                .mapToObj(s -> new StoredItem(s, new Item("n", "i" + s, null, Jid.parse("a@b"), Instant.EPOCH))).toList();
        return new NodeEvent(Kind.ITEMS, "n", items, List.of(), null, null, null, false, List.of(), List.of());
    }

    static List<Long> seqs(NodeEvent e) {
        return e == null ? List.of() : e.items().stream().map(StoredItem::seq).toList();
    }

    @Test
    void anItemPassesOnceHoweverOftenItComes() {
        NodeCursor c = new NodeCursor(100);
        c.settle(10);
        assertThat(seqs(c.admit(items(11, 12)))).containsExactly(11L, 12L);
        assertThat(c.admit(items(12))).isNull();
        assertThat(seqs(c.admit(items(12, 13)))).containsExactly(13L);
        assertThat(c.admit(items(9))).as("at or below the floor: settled before").isNull();
    }

    @Test
    void aLateItemBelowOneDeliveredStillPasses() {
        // two instances' publishes of one node may reach us in either order: a smaller number is not a duplicate
        NodeCursor c = new NodeCursor(100);
        c.settle(10);
        assertThat(seqs(c.admit(items(15)))).containsExactly(15L);
        assertThat(seqs(c.admit(items(14)))).containsExactly(14L);
    }

    @Test
    void itemsOfNodesThatKeepNoneAreNeverDropped() {
        NodeCursor c = new NodeCursor(100);
        assertThat(seqs(c.admit(items(0)))).containsExactly(0L);
        assertThat(seqs(c.admit(items(0)))).containsExactly(0L);
    }

    @Test
    void otherKindsPassUnchanged() {
        NodeCursor c = new NodeCursor(100);
        NodeEvent purge = new NodeEvent(Kind.PURGE, "n", List.of(), List.of(), null, null, null, false, List.of(), List.of());
        assertThat(c.admit(purge)).isSameAs(purge);
    }

    @Test
    void settlingRaisesTheFloorAndForgetsWhatLiesBelow() {
        NodeCursor c = new NodeCursor(100);
        c.settle(0);
        c.admit(items(3, 5));
        c.settle(4);
        assertThat(c.floor()).isEqualTo(4);
        assertThat(c.admit(items(3, 4))).isNull();
        assertThat(c.admit(items(5))).as("remembered above the floor").isNull();
        c.settle(2);
        assertThat(c.floor()).as("never lowered").isEqualTo(4);
    }

    @Test
    void theWindowBoundsMemory() {
        NodeCursor c = new NodeCursor(3);
        c.settle(0);
        c.admit(items(1, 2, 3, 4, 5));
        assertThat(c.floor()).isEqualTo(2);
        assertThat(c.admit(items(1, 2))).isNull();
        assertThat(seqs(c.admit(items(6)))).containsExactly(6L);
    }

    @Test
    void oneFillAtATimeAndAnotherIfAskedMeanwhile() {
        NodeCursor c = new NodeCursor(100);
        assertThat(c.startFill()).isTrue();
        assertThat(c.filling()).isTrue();
        assertThat(c.startFill()).isFalse();
        c.hold(items(7));
        assertThat(c.endFill()).hasSize(1);
        assertThat(c.again()).isTrue();
        assertThat(c.again()).isFalse();
        assertThat(c.filling()).isFalse();
    }
}
