package org.herald.domain;

/**
 * XML 1.0 §2.2 Char: the characters an XML document can hold at all, even as a character reference. Everything that
 * reaches XMPP (identifiers, titles, payload text) must consist of these, or the server closes the component stream
 * with {@code not-well-formed} and every user of the link is cut off.
 */
public final class XmlChars {
    private XmlChars() {
    }

    /** Whether a UTF-16 unit outside a surrogate pair is an XML 1.0 Char. */
    private static boolean allowed(char c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
    }

    private static boolean pairAt(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    /** The index of the first character XML cannot carry (control characters, lone surrogates, U+FFFE/F), or -1. */
    public static int indexOfForbidden(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (pairAt(s, i)) {
                i++;
            } else if (!allowed(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The text with every character XML cannot carry replaced by U+FFFD; the same instance when there is none. */
    public static String clean(String s) {
        if (s == null || indexOfForbidden(s) < 0) return s;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (pairAt(s, i)) {
                out.append(s, i, i + 2);
                i++;
            } else {
                char c = s.charAt(i);
                out.append(allowed(c) ? c : '\uFFFD');
            }
        }
        return out.toString();
    }
}
