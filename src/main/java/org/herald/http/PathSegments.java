package org.herald.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Node and item ids as one URL path segment, as every HTTP surface writes them (REST Locations, feed links, WebSub
 * topics). Ids may contain '/', so all but RFC 3986 §2.3 unreserved characters are percent-encoded in UTF-8
 * (§2.1, upper-case hex): the id comes back whole as one path parameter.
 */
public final class PathSegments {
    private PathSegments() {
    }

    /**
     * The id a raw (still encoded) path segment names. '+' is a literal in a path (only query strings use it for a
     * space), so only %XX escapes are decoded; a malformed escape is an IllegalArgumentException.
     */
    public static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public static String encode(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
