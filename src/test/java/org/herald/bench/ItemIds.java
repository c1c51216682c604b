package org.herald.bench;

/**
 * The fan-out benchmark's item ids, {@code f<seq>}, found in notifications without an XML or JSON parser (the
 * clients are deliberately lean: 11,000 of them share one JVM with the publisher).
 */
final class ItemIds {
    static final String PREFIX = "f";

    private ItemIds() {
    }

    static String of(int seq) {
        return PREFIX + seq;
    }

    /** The seq after {@code at}, where {@code text} continues with digits; -1 if none. */
    static int digitsAt(CharSequence text, int at) {
        int seq = 0;
        int i = at;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            seq = seq * 10 + (text.charAt(i) - '0');
            i++;
        }
        return i == at ? -1 : seq;
    }
}
