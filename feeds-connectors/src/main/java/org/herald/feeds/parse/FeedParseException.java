package org.herald.feeds.parse;

/** The document is not a feed we can read. The message is one clear line, safe to show to the feed's owner. */
public final class FeedParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public FeedParseException(String message) {
        super(oneLine(message));
    }

    public FeedParseException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    private static String oneLine(String m) {
        if (m == null) {
            return "unreadable feed";
        }
        String s = m.replaceAll("[\\r\\n\\t]+", " ").strip();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
