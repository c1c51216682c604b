package org.herald.http.rest;

import java.util.List;
import org.herald.http.json.ItemJson;
import org.herald.service.ItemPage;

/**
 * One page of GET .../items, newest first. {@code next} continues towards older items (pass it as ?after=),
 * {@code previous} towards newer ones (pass it as ?before=); each is null when nothing lies that way.
 * {@code count} is the number of items the node holds now (XEP-0059 §2.6 count).
 */
public record ItemsPageJson(List<ItemJson> items, String next, String previous, long count) {

    static ItemsPageJson of(ItemPage page) {
        List<ItemJson> items = page.items().stream().map(i -> ItemJson.of(i, page.node().config())).toList();
        if (items.isEmpty() || page.firstIndex() == null) return new ItemsPageJson(items, null, null, page.count());
        int first = page.firstIndex();
        boolean older = first + items.size() < page.count();
        boolean newer = first > 0;
        return new ItemsPageJson(items,
                older ? ItemCursor.of(items.get(items.size() - 1).id()) : null,
                newer ? ItemCursor.of(items.get(0).id()) : null,
                page.count());
    }
}
