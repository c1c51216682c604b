package org.herald.http.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import org.herald.domain.Item;
import org.herald.domain.NodeConfig;
import org.herald.domain.StoredItem;

/**
 * An item as every JSON surface shows it (REST, SSE, WebSocket, JSON Feed's extension).
 * {@code publisher} is the bare JID, and only where the node's configuration shows publishers. {@code payload} is the JSON
 * value itself for an XEP-0335 JSON container, the serialised XML for anything else, and null for an empty item;
 * {@code contentType} says which. {@code seq} is the item's sequence number, the resumable cursor of streams
 * (null when the node keeps no items).
 */
public record ItemJson(String id, String node, String publisher, String published, Long seq, String contentType,
                       JsonNode payload) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The item as {@code config} lets it be shown: §7.1.2 "Item Publisher" — the publisher is named only when the
     * node's pubsub#itemreply associates items with their publisher, as over XMPP (ItemsXml); otherwise null.
     */
    public static ItemJson of(StoredItem stored, NodeConfig config) {
        return of(stored, config.showsPublisher());
    }

    public static ItemJson of(StoredItem stored, boolean showsPublisher) {
        return of(stored.item(), stored.seq() > 0 ? stored.seq() : null, showsPublisher);
    }

    public static ItemJson of(Item item, Long seq, NodeConfig config) {
        return of(item, seq, config.showsPublisher());
    }

    private static ItemJson of(Item item, Long seq, boolean showsPublisher) {
        String contentType = null;
        JsonNode payload = null;
        if (item.payload() != null) {
            PayloadKind.Root root = PayloadKind.root(item.payload());
            payload = root.kind() == PayloadKind.JSON ? json(root.text()) : null;
            // A JSON container published over XMPP may hold text that is not JSON: it is shown as the XML it is.
            PayloadKind kind = root.kind() == PayloadKind.JSON && payload == null ? PayloadKind.XML : root.kind();
            contentType = kind.mediaType();
            if (payload == null) payload = TextNode.valueOf(item.payload());
        }
        String publisher = showsPublisher ? item.publisher().bare().toString() : null;
        return new ItemJson(item.id(), item.node(), publisher, item.published().toString(), seq,
                contentType, payload);
    }

    private static JsonNode json(String text) {
        try {
            return text == null || text.isBlank() ? null : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
