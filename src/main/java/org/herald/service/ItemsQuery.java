package org.herald.service;

import java.util.List;

/**
 * A retrieve-items request (§6.5).
 *
 * @param maxItems the max_items attribute, or null for all
 * @param itemIds specific ItemIDs (§6.5.8), empty for none
 * @param subId the SubID the requester names, or null
 * @param page a XEP-0059 page (§6.5.4 "Returning Some Items"), or null for the plain request
 */
public record ItemsQuery(Integer maxItems, List<String> itemIds, String subId, PageRequest page) {
    public ItemsQuery {
        itemIds = List.copyOf(itemIds);
    }

    public ItemsQuery(Integer maxItems, List<String> itemIds, String subId) {
        this(maxItems, itemIds, subId, null);
    }

    public static ItemsQuery all() {
        return new ItemsQuery(null, List.of(), null);
    }
}
