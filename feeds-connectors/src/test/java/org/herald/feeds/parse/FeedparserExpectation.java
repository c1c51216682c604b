package org.herald.feeds.parse;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.herald.feeds.normalise.FeedEntry;

/**
 * The simple forms of feedparser's "Expect:" lines, as Java checks: {@code feed['title'|'link'] == '...'} and
 * {@code entries[N]['title'|'link'|'id'|'summary'|'description'] == '...'} and the date tuples
 * {@code entries[N]['published_parsed'|'updated_parsed'] == (y, m, d, h, mi, s, ...)}. Everything else (sanitizer
 * output, *_detail dicts, bozo-only checks) is out of scope and yields empty.
 */
record FeedparserExpectation(String field, Integer index, Object expected) {
    private static final Pattern EXPECT = Pattern.compile("(?m)^Expect:\\s*(.*)$");
    private static final Pattern SIMPLE = Pattern.compile(
            "^(?:not bozo and |bozo and )?(feed|entries\\[(\\d+)\\])\\['([a-z_]+)'\\]\\s*==\\s*(.+)$");
    private static final Pattern STRING = Pattern.compile("^u?('(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\")$");
    private static final Pattern TUPLE =
            Pattern.compile("^\\((\\d+), (\\d+), (\\d+), (\\d+), (\\d+), (\\d+), \\d+, \\d+, \\d+\\)$");

    static Optional<FeedparserExpectation> of(String fileText) {
        Matcher m = EXPECT.matcher(fileText);
        if (!m.find()) {
            return Optional.empty();
        }
        Matcher s = SIMPLE.matcher(m.group(1).strip());
        if (!s.matches()) {
            return Optional.empty();
        }
        Integer index = s.group(2) == null ? null : Integer.valueOf(s.group(2));
        String field = (index == null ? "feed." : "entry.") + s.group(3);
        String rhs = s.group(4).strip();
        boolean supported = index == null ? field.equals("feed.title") || field.equals("feed.link")
                : java.util.Set.of("title", "link", "id", "summary", "description", "published_parsed",
                        "updated_parsed").contains(s.group(3));
        if (!supported) {
            return Optional.empty();
        }
        if (field.endsWith("_parsed")) {
            Matcher t = TUPLE.matcher(rhs);
            if (!t.matches()) {
                return Optional.empty();
            }
            Instant when = LocalDateTime.of(i(t, 1), i(t, 2), i(t, 3), i(t, 4), i(t, 5), i(t, 6))
                    .toInstant(ZoneOffset.UTC);
            return Optional.of(new FeedparserExpectation(field, index, when));
        }
        Matcher str = STRING.matcher(rhs);
        if (!str.matches()) {
            return Optional.empty();
        }
        String lit = str.group(1);
        return Optional.of(new FeedparserExpectation(field, index, unescape(lit.substring(1, lit.length() - 1))));
    }

    /** What our parse result says for this field (null when absent). */
    Object actual(ParsedFeed f) {
        if (index == null) {
            return field.equals("feed.title") ? f.title() : f.link();
        }
        if (index >= f.entries().size()) {
            return null;
        }
        FeedEntry e = f.entries().get(index);
        return switch (field) {
            case "entry.title" -> e.title();
            case "entry.link" -> e.link();
            case "entry.id" -> e.guid();
            case "entry.summary", "entry.description" -> e.summary() != null ? e.summary() : e.content();
            case "entry.published_parsed" -> e.published();
            // feedparser falls back to the published date when there is no updated date.
            case "entry.updated_parsed" -> e.updated() != null ? e.updated() : e.published();
            default -> null;
        };
    }

    boolean matches(ParsedFeed f) {
        Object a = actual(f);
        if (a instanceof String s && expected instanceof String x) {
            return s.strip().equals(x.strip());
        }
        return expected.equals(a);
    }

    private static int i(Matcher m, int g) {
        return Integer.parseInt(m.group(g));
    }

    /** Python string literal escapes. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c != '\\' || k + 1 == s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(++k);
            switch (n) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'x' -> {
                    b.append((char) Integer.parseInt(s.substring(k + 1, k + 3), 16));
                    k += 2;
                }
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(k + 1, k + 5), 16));
                    k += 4;
                }
                case 'U' -> {
                    b.appendCodePoint(Integer.parseInt(s.substring(k + 1, k + 9), 16));
                    k += 8;
                }
                default -> b.append(n);
            }
        }
        return b.toString();
    }
}
