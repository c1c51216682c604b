package org.herald.xmpp.stanza;

import org.herald.domain.XmlChars;

/**
 * Escaping for character data and attribute values (XML 1.0 §2.4, §3.3.3). Characters XML cannot carry at all
 * (§2.2) become U+FFFD: whatever slipped past input validation, one stanza must never make the server close the
 * component stream for everyone.
 */
final class XmlEscape {
    private XmlEscape() {
    }

    static void text(StringBuilder out, String s) {
        s = XmlChars.clean(s);
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                // a raw CR would be read back as LF (XML 1.0 §2.11): found by DataFormFuzzTest
                case '\r' -> out.append("&#13;");
                default -> out.append(c);
            }
        }
    }

    static void attr(StringBuilder out, String s) {
        s = XmlChars.clean(s);
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\'' -> out.append("&apos;");
                case '"' -> out.append("&quot;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                case '\t' -> out.append("&#9;");
                default -> out.append(c);
            }
        }
    }
}
