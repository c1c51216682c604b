package org.herald.http.feed;

/**
 * Text made safe for any XML document: characters XML 1.0 forbids even as references (§2.2 Char: most C0 controls,
 * lone surrogates, U+FFFE/U+FFFF) become U+FFFD, so a payload or title holding them cannot break a feed. Markup
 * characters are left alone: the writers escape them.
 */
public final class XmlText {
    private XmlText() {
    }

    public static String clean(String s) {
        if (s == null) return null;
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (out != null) out.append(c).append(s.charAt(i + 1));
                i++;
                continue;
            }
            ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            if (!ok && out == null) out = new StringBuilder(s.length()).append(s, 0, i);
            if (out != null) out.append(ok ? c : '\uFFFD');
        }
        return out == null ? s : out.toString();
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
