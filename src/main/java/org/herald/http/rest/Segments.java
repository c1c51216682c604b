package org.herald.http.rest;

import org.herald.http.PathSegments;

/** The REST API's paths of nodes and items, their ids encoded as one segment each ({@link PathSegments}). */
final class Segments {
    private static final String API = "/api/v1/nodes/";

    private Segments() {
    }

    /** The API path of a node. */
    static String node(String nodeId) {
        return API + PathSegments.encode(nodeId);
    }

    /** The API path of an item. */
    static String item(String nodeId, String itemId) {
        return node(nodeId) + "/items/" + PathSegments.encode(itemId);
    }
}
