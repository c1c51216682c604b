package org.herald.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A published item.
 *
 * @param payload the payload element as serialised XML, or null for a notification-only item
 */
public record Item(String node, String id, String payload, Jid publisher, Instant published) {
    public Item {
        Objects.requireNonNull(node);
        Objects.requireNonNull(id);
        Objects.requireNonNull(publisher);
        Objects.requireNonNull(published);
    }

    /** Payload size in bytes of UTF-8, the measure pubsub#max_payload_size limits. */
    public int payloadBytes() {
        return payload == null ? 0 : payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
