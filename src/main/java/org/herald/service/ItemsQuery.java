package org.herald.service;

import java.util.List;

/**
 * A retrieve-items request (§6.5).
 *
 * @param maxItems the max_items attribute, or null for all
 * @param itemIds specific ItemIDs (§6.5.8), empty for none
 * @param subId the SubID the requester names, or null
 */
public record ItemsQuery(Integer maxItems, List<String> itemIds, String subId) {
    public ItemsQuery {
        itemIds = List.copyOf(itemIds);
    }

    public static ItemsQuery all() {
        return new ItemsQuery(null, List.of(), null);
    }
}
