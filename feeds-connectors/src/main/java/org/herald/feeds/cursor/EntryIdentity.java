package org.herald.feeds.cursor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.herald.feeds.normalise.FeedEntry;

/**
 * Who an entry is across polls. The key is the publisher's own identity (RSS guid, Atom id, JSON Feed id), else its
 * link, else a hash of what it says; the pubsub ItemID is derived from the key so it is stable across runs and
 * instances, safe in URLs and JIDs, and short. All functions are pure.
 */
public final class EntryIdentity {
    /** 22 url-safe base64 characters = 132 bits of SHA-256: collisions are not a practical concern. */
    static final int ITEM_ID_LENGTH = 22;
    /** Separates fields in hash input so ("ab","c") and ("a","bc") differ. */
    private static final char SEP = '\u001f';

    private EntryIdentity() {
    }

    public static String key(FeedEntry e) {
        if (present(e.guid())) {
            return "guid:" + e.guid().strip();
        }
        if (present(e.link())) {
            return "link:" + e.link().strip();
        }
        return "hash:" + sha256(join(e.title(), e.content(), e.published()));
    }

    public static String itemId(FeedEntry e) {
        return sha256(key(e)).substring(0, ITEM_ID_LENGTH);
    }

    /** Changes when the entry is edited in a way a reader would see (dates alone only via {@code updated}). */
    public static String contentHash(FeedEntry e) {
        String geo = e.geo() == null ? null : e.geo().lat() + "," + e.geo().lon();
        return sha256(join(e.title(), e.summary(), e.content(), e.link(), e.updated(), geo));
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static String join(Object... parts) {
        StringBuilder b = new StringBuilder();
        for (Object p : parts) {
            // null and "" differ, so a field that appears is an edit.
            b.append(p == null ? "\u0000" : p.toString()).append(SEP);
        }
        return b.toString();
    }

    private static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
        }
    }
}
