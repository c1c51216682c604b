package org.herald.feeds.parse;

/** Small text helpers: blank → null, and short excerpts for warnings. */
final class Text {
    private Text() {
    }

    static String clean(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    static String clip(String s) {
        return s == null ? "" : s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
