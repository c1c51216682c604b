package org.herald.http.feed;

import java.nio.charset.StandardCharsets;

/**
 * The public URLs feeds name, built from herald.http.public-url. A NodeID or ItemID is one path segment with every
 * character outside RFC 3986 "unreserved" percent-encoded, '/' included (the shared URL layout: ids travel as %2F).
 */
public record FeedUrls(String publicUrl) {

    public String feed(String node, FeedFormat format) {
        return publicUrl + "/feeds/" + segment(node) + "." + format.extension();
    }

    /** W3C WebSub §4: the hub feeds advertise. */
    public String hub() {
        return publicUrl + "/websub";
    }

    /** The status page, the HTML page a feed's "home" link points at. */
    public String home() {
        return publicUrl + "/";
    }

    public String item(String node, String itemId) {
        return publicUrl + "/api/v1/nodes/" + segment(node) + "/items/" + segment(itemId);
    }

    public String events(String node) {
        return publicUrl + "/api/v1/nodes/" + segment(node) + "/events";
    }

    /** RFC 3986 §2.1/§2.3: percent-encodes all but unreserved characters, in UTF-8. */
    public static String segment(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return b.toString();
    }
}
