package org.herald.http.feed;

import java.util.Locale;

/**
 * Picks a feed format from an Accept header (RFC 9110 §12.5.1): the highest quality wins, a more specific range
 * beats a wildcard of the same quality, and ties go to Atom, RSS, JSON Feed in that order (Atom is also the WebSub
 * topic, so it is what an unspecific client gets).
 */
public final class FeedNegotiation {
    private FeedNegotiation() {
    }

    /** The chosen format, or null when the header accepts none of them (406). A missing header accepts anything. */
    public static FeedFormat choose(String accept) {
        if (accept == null || accept.isBlank()) return FeedFormat.ATOM;
        FeedFormat best = null;
        double bestQ = 0;
        for (FeedFormat f : FeedFormat.values()) {
            double q = quality(accept, f);
            if (q > bestQ) {
                best = f;
                bestQ = q;
            }
        }
        return best;
    }

    /** The quality the header gives a format: that of the most specific range matching one of its media types. */
    static double quality(String accept, FeedFormat format) {
        int bestSpecificity = -1;
        double q = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.trim().split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            int specificity = specificity(type, format);
            if (specificity < 0 || specificity < bestSpecificity) continue;
            double rangeQ = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.startsWith("q=") || p.startsWith("Q=")) {
                    try {
                        rangeQ = Double.parseDouble(p.substring(2).trim());
                    } catch (NumberFormatException e) {
                        rangeQ = 0; // a malformed weight accepts nothing rather than everything
                    }
                }
            }
            if (specificity > bestSpecificity || rangeQ > q) q = rangeQ;
            bestSpecificity = specificity;
        }
        return q;
    }

    /** 3 for the format's own type, 2 for a generic type it also serves, 1 for type/*, 0 for * / *, -1 no match. */
    private static int specificity(String range, FeedFormat format) {
        if (range.equals(format.mediaType())) return 3;
        if (format == FeedFormat.ATOM && (range.equals("application/xml") || range.equals("text/xml"))) return 2;
        if (format == FeedFormat.JSON && range.equals("application/json")) return 2;
        if (range.equals("*/*")) return 0;
        if (range.endsWith("/*") && format.mediaType().startsWith(range.substring(0, range.length() - 1))) return 1;
        return -1;
    }
}
