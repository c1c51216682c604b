package org.herald.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.StoredItem;
import org.herald.service.port.ItemRange;
import org.junit.jupiter.api.Test;

/**
 * LastItems answers exactly as the whole item list would, or not at all: random nodes (seq with gaps), random cache
 * sizes and random seq-bounded ranges, each answer compared with a reference computed on every item.
 */
class LastItemsTest {
    private static final Jid P = Jid.parse("p@example.org");

    @Test
    void everyAnswerAgreesWithTheWholeList() {
        Random random = new Random(6);
        int answered = 0;
        int declined = 0;
        for (int round = 0; round < 3000; round++) {
            List<StoredItem> all = node(random, random.nextInt(30)); // newest first
            int n = 1 + random.nextInt(12);
            LastItems last = new LastItems(all.size(), all.subList(0, Math.min(n, all.size())));
            ItemRange r = range(random, all);

            Optional<List<StoredItem>> range = last.range(r);
            if (range.isPresent()) {
                assertThat(range.get()).as("range %s of %s cached %d", r, seqs(all), n).isEqualTo(reference(all, r));
                answered++;
            } else {
                declined++;
            }
            last.count(r).ifPresent(c -> assertThat(c).as("count %s of %s cached %d", r, seqs(all), n)
                    .isEqualTo(reference(all, new ItemRange(null, null, r.seqAbove(), r.seqBelow(), null, false,
                            Integer.MAX_VALUE, 0)).size()));
            int max = 1 + random.nextInt(20);
            last.items(max).ifPresent(items -> assertThat(items)
                    .isEqualTo(all.subList(0, Math.min(max, all.size())).stream().map(StoredItem::item).toList()));
            String id = "i" + random.nextInt(40);
            last.seq(id).ifPresent(seq -> assertThat(seq).isEqualTo(
                    all.stream().filter(s -> s.item().id().equals(id)).map(StoredItem::seq).findFirst()));
        }
        // both branches are exercised, so the test proves something
        assertThat(answered).isGreaterThan(500);
        assertThat(declined).isGreaterThan(100);
    }

    @Test
    void aFirstPageOfTheNewestIsAnsweredWhenItFits() {
        List<StoredItem> all = node(new Random(1), 100);
        LastItems last = new LastItems(100, all.subList(0, 64));
        ItemRange feed = new ItemRange(null, null, null, null, null, false, 51, 0);
        assertThat(last.range(feed)).contains(all.subList(0, 51));
        assertThat(last.count(new ItemRange(null, null, null, null, null, false, 0, 0))).contains(100L);
        assertThat(last.range(new ItemRange(null, null, null, null, null, false, 101, 0))).isEmpty();
        assertThat(last.range(new ItemRange(Instant.EPOCH, null, null, null, null, false, 5, 0))).isEmpty();
    }

    private static List<StoredItem> node(Random random, int size) {
        List<StoredItem> out = new ArrayList<>();
        long seq = 0;
        for (int i = 0; i < size; i++) {
            seq += 1 + random.nextInt(3); // gaps, as retractions and trims leave them
            out.add(new StoredItem(seq, new Item("n", "i" + i, null, P, Instant.EPOCH.plusSeconds(seq))));
        }
        out.sort(Comparator.comparingLong(StoredItem::seq).reversed());
        return out;
    }

    private static ItemRange range(Random random, List<StoredItem> all) {
        long top = all.isEmpty() ? 5 : all.get(0).seq() + 2;
        Long above = random.nextInt(3) == 0 ? (long) random.nextInt((int) top + 1) : null;
        Long below = random.nextInt(3) == 0 ? (long) random.nextInt((int) top + 1) : null;
        return new ItemRange(null, null, above, below, null, random.nextBoolean(), random.nextInt(15),
                random.nextInt(4) == 0 ? random.nextInt(5) : 0);
    }

    private static List<StoredItem> reference(List<StoredItem> all, ItemRange r) {
        List<StoredItem> hits = new ArrayList<>(all.stream()
                .filter(s -> r.seqAbove() == null || s.seq() > r.seqAbove())
                .filter(s -> r.seqBelow() == null || s.seq() < r.seqBelow()).toList());
        if (r.ascending()) hits.sort(Comparator.comparingLong(StoredItem::seq));
        return hits.stream().skip(r.offset()).limit(r.limit()).toList();
    }

    private static List<Long> seqs(List<StoredItem> all) {
        return all.stream().map(StoredItem::seq).toList();
    }
}
