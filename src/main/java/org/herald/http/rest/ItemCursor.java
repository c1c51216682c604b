package org.herald.http.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.herald.http.problem.HttpProblem;

/**
 * The paging cursors of GET .../items: opaque to clients, URL-safe without escaping. A cursor names one item
 * (today: its ItemID, base64url-encoded), and the service pages by keyset from that item's position
 * (XEP-0059 §2.2), so pages never skip or repeat an item while others publish.
 */
final class ItemCursor {
    private ItemCursor() {
    }

    static String of(String itemId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(itemId.getBytes(StandardCharsets.UTF_8));
    }

    /** The ItemID a cursor names; a cursor Herald did not make is refused naming the parameter. */
    static String itemId(String parameter, String cursor) {
        if (cursor == null) return null;
        try {
            byte[] raw = Base64.getUrlDecoder().decode(cursor);
            if (raw.length == 0) throw new IllegalArgumentException("empty");
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            throw new HttpProblem(400, "bad-request", parameter, parameter + ": not a cursor this API handed out");
        }
    }
}
