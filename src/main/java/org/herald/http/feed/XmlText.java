package org.herald.http.feed;

import org.herald.domain.XmlChars;

/**
 * Text made safe for any XML document: characters XML 1.0 forbids even as references (§2.2 Char: most C0 controls,
 * lone surrogates, U+FFFE/U+FFFF) become U+FFFD, so a payload or title holding them cannot break a feed. Markup
 * characters are left alone: the writers escape them.
 */
public final class XmlText {
    private XmlText() {
    }

    public static String clean(String s) {
        return XmlChars.clean(s);
    }

    /** Escapes text for HTML element content and attribute values. */
    public static String html(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return clean(b.toString());
    }
}
