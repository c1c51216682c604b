package org.herald.service;

import org.herald.domain.StoredItem;

/**
 * XEP-0313 archive ids of a node's items: the item's publication sequence number. It is unique within the archive
 * and never reused, not even by a re-publish of the same ItemID (which is a new archive entry), as §6.1 demands.
 */
public final class ArchiveIds {
    private ArchiveIds() {
    }

    public static String of(StoredItem item) {
        return Long.toString(item.seq());
    }

    /** The seq an archive id names, or null when it cannot be one of ours (so the item is not in the archive). */
    static Long parse(String id) {
        if (id == null || id.isEmpty() || id.length() > 19) return null;
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') return null;
        }
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
