package org.herald.http.feed;

import org.herald.http.PathSegments;


/**
 * The public URLs feeds name, built from herald.http.public-url. A NodeID or ItemID is one path segment with every
 * character outside RFC 3986 "unreserved" percent-encoded, '/' included (the shared URL layout: ids travel as %2F).
 */
public record FeedUrls(String publicUrl) {

    public String feed(String node, FeedFormat format) {
        return publicUrl + "/feeds/" + PathSegments.encode(node) + "." + format.extension();
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
        return publicUrl + "/api/v1/nodes/" + PathSegments.encode(node) + "/items/" + PathSegments.encode(itemId);
    }

    public String events(String node) {
        return publicUrl + "/api/v1/nodes/" + PathSegments.encode(node) + "/events";
    }

}
