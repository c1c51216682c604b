package org.herald.cache;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Decoded cache entries shared by every transaction of this instance, so that a hot entry is parsed once per version
 * rather than once per read. Every SSE/WebSocket connect reads the node, its affiliations and newest items from Redis
 * for the access check; decoding the node's JSON each time was the largest item of a 10,000-stream connect profile
 * (bench/README.md, "Connect profile and fix").
 *
 * <p>A slot is keyed by the entry's Redis token and part and holds the exact text it decoded: a hit needs the same
 * key <em>and</em> an equal text, so the answer is always what decoding this very text gives (decoding is a pure
 * function of the text, and every decoded value is immutable). Nothing here decides what is current: the caller has
 * just read the text from Redis under the node's current token, as before. So no staleness is added.
 *
 * <p>Direct-mapped and fixed in size: a slot per key hash, a colliding entry simply replaces the older one. Lock-free
 * (event loops share it); bounded memory: texts longer than {@link #MAX_TEXT} characters (large item lists) are
 * decoded each time, so the memo holds at most slots × MAX_TEXT characters and their decoded values.
 */
final class DecodedEntries {
    private record Slot(String key, String text, Object value) {
    }

    /** The longest text kept (a node's configuration is well under 2,000 characters). */
    static final int MAX_TEXT = 8192;

    private final AtomicReferenceArray<Slot> slots;
    private final int mask;

    /** {@code size} is rounded up to a power of two; 0 turns the memo off. */
    DecodedEntries(int size) {
        int n = size <= 0 ? 0 : Integer.highestOneBit(size);
        if (n < size) n <<= 1;
        this.slots = new AtomicReferenceArray<>(n);
        this.mask = n - 1;
    }

    /** What {@code decode} gives for {@code text}, found under {@code token}/{@code part}; decodes only on a miss. */
    @SuppressWarnings("unchecked")
    <V> V decode(String token, String part, String text, Function<String, V> decode) {
        if (slots.length() == 0 || text.length() > MAX_TEXT) return decode.apply(text);
        String key = token + ':' + part;
        int i = spread(key.hashCode()) & mask;
        Slot slot = slots.get(i);
        if (slot != null && slot.key.equals(key) && slot.text.equals(text)) return (V) slot.value;
        V value = decode.apply(text); // a failure propagates and stores nothing
        slots.set(i, new Slot(key, text, Objects.requireNonNull(value)));
        return value;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
