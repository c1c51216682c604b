package org.herald.http.rest;

import java.nio.charset.StandardCharsets;

/**
 * Node and item ids as one URL path segment. Ids may contain '/', so everything outside RFC 3986 §3.3 "pchar"
 * (and '/' itself) is percent-encoded; clients do the same, and the id comes back whole as one path parameter.
 */
final class Segments {
    private static final String API = "/api/v1/nodes/";

    private Segments() {
    }

    static String encode(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (unreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** RFC 3986 §2.3 unreserved characters; sub-delims are encoded too, which is always safe. */
    private static boolean unreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** The API path of a node. */
    static String node(String nodeId) {
        return API + encode(nodeId);
    }

    /** The API path of an item. */
    static String item(String nodeId, String itemId) {
        return node(nodeId) + "/items/" + encode(itemId);
    }
}
