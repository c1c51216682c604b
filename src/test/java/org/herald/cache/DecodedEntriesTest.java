package org.herald.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DecodedEntriesTest {
    /** A decoder that records what it was asked to decode. */
    private final List<String> decoded = new ArrayList<>();
    private final Function<String, String> decoder = text -> {
        decoded.add(text);
        return "decoded " + text;
    };

    @Test
    void theSameTextUnderTheSameTokenAndPartIsDecodedOnce() {
        DecodedEntries memo = new DecodedEntries(16);
        String first = memo.decode("t1", "node", "{\"id\":\"a\"}", decoder);
        String second = memo.decode("t1", "node", new String("{\"id\":\"a\"}"), decoder);
        assertEquals("decoded {\"id\":\"a\"}", first);
        assertSame(first, second);
        assertEquals(List.of("{\"id\":\"a\"}"), decoded);
    }

    @Test
    void aNewTokenADifferentPartOrADifferentTextIsDecodedAfresh() {
        DecodedEntries memo = new DecodedEntries(16);
        memo.decode("t1", "node", "x", decoder);
        assertEquals("decoded x", memo.decode("t2", "node", "x", decoder));
        assertEquals("decoded x", memo.decode("t1", "affiliations", "x", decoder));
        // the same token with another text (a stale write that raced an invalidation): never the old decoding
        assertEquals("decoded y", memo.decode("t1", "node", "y", decoder));
        assertEquals(List.of("x", "x", "x", "y"), decoded);
    }

    @Test
    void collidingEntriesReplaceEachOtherAndStayCorrect() {
        DecodedEntries memo = new DecodedEntries(1);
        for (int round = 0; round < 3; round++) {
            assertEquals("decoded a", memo.decode("t1", "node", "a", decoder));
            assertEquals("decoded b", memo.decode("t2", "node", "b", decoder));
        }
        assertEquals(6, decoded.size());
    }

    @Test
    void longTextsAndAZeroSizeAreNeverKept() {
        String big = "z".repeat(DecodedEntries.MAX_TEXT + 1);
        DecodedEntries memo = new DecodedEntries(16);
        memo.decode("t1", "items", big, decoder);
        memo.decode("t1", "items", big, decoder);
        DecodedEntries off = new DecodedEntries(0);
        off.decode("t1", "node", "a", decoder);
        off.decode("t1", "node", "a", decoder);
        assertEquals(4, decoded.size());
    }

    @Test
    void aTextThatCannotBeDecodedFailsEveryTimeAndIsNotKept() {
        DecodedEntries memo = new DecodedEntries(16);
        Function<String, String> failing = text -> {
            decoded.add(text);
            throw new IllegalArgumentException("not JSON");
        };
        assertThrows(IllegalArgumentException.class, () -> memo.decode("t1", "node", "{", failing));
        assertThrows(IllegalArgumentException.class, () -> memo.decode("t1", "node", "{", failing));
        assertEquals(2, decoded.size());
    }
}
