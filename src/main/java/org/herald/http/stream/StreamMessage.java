package org.herald.http.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.herald.domain.StoredItem;
import org.herald.domain.geo.Crossing;
import org.herald.domain.geo.GeoChange;
import org.herald.domain.geo.Position;
import org.herald.http.geo.PositionJson;
import org.herald.http.json.ItemJson;

/**
 * One message of a node's stream, the same for SSE and WebSocket: a type (the SSE event name), the item's sequence
 * number as its id where it has one (the SSE event id a client resumes from), and JSON data.
 *
 * @param type item, retract, purge, delete, position, stale or closed
 * @param id the item's sequence number, or null (events without an id leave SSE's last event id as it was)
 * @param data the JSON text of the message's data
 */
record StreamMessage(String type, Long id, String data) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An item, naming its publisher only where the node shows publishers (XEP-0060 §7.1.2). */
    static StreamMessage item(StoredItem stored, boolean showsPublisher) {
        ItemJson item = ItemJson.of(stored, showsPublisher);
        return new StreamMessage("item", item.seq(), write(JSON.valueToTree(item)));
    }

    /**
     * An item told to an area-filtered stream: its data gains {@code "geo":{"key","crossing","jump"?,"active"?}}, how
     * the fix it carries relates to the stream's area ({@link Crossing#of}).
     */
    static StreamMessage item(StoredItem stored, boolean showsPublisher, GeoChange change, Crossing crossing) {
        ItemJson item = ItemJson.of(stored, showsPublisher);
        ObjectNode data = JSON.valueToTree(item);
        ObjectNode geo = data.putObject("geo").put("key", change.key()).put("crossing", crossing.wire());
        if (change.jump()) geo.put("jump", true);
        if (change.wasStale()) geo.put("active", true);
        return new StreamMessage("item", item.seq(), write(data));
    }

    /** A vehicle's latest position, as an area-filtered stream starts (no id: it is a state, not an item). */
    static StreamMessage position(String node, Position p, boolean showsPublisher) {
        ObjectNode data = JSON.valueToTree(PositionJson.of(p, showsPublisher));
        data.put("node", node);
        return new StreamMessage("position", null, write(data));
    }

    /** A vehicle fell silent; {@code since} is when its last fix was received. */
    static StreamMessage stale(String node, Position p) {
        return new StreamMessage("stale", null, write(JSON.createObjectNode()
                .put("node", node).put("key", p.key()).put("since", p.received().toString())));
    }

    static StreamMessage retract(String node, List<String> ids) {
        ObjectNode data = JSON.createObjectNode().put("node", node);
        ids.forEach(data.putArray("ids")::add);
        return new StreamMessage("retract", null, write(data));
    }

    static StreamMessage purge(String node) {
        return new StreamMessage("purge", null, write(JSON.createObjectNode().put("node", node)));
    }

    static StreamMessage delete(String node, String redirect) {
        ObjectNode data = JSON.createObjectNode().put("node", node);
        if (redirect != null) data.put("redirect", redirect);
        return new StreamMessage("delete", null, write(data));
    }

    /** The stream is live: the backlog is written and the node followed (sent over WebSocket; see StreamChannel#live). */
    static StreamMessage live() {
        return new StreamMessage("live", null, write(JSON.createObjectNode()));
    }

    /** The stream ends for a reason the client should know (e.g. forbidden: access was revoked). */
    static StreamMessage closed(String reason) {
        return new StreamMessage("closed", null, write(JSON.createObjectNode().put("reason", reason)));
    }

    /**
     * As an SSE event (W3C HTML, "Server-sent events" §9.2.5): the JSON is one line, so one data field carries it
     * (serialised JSON escapes line breaks inside strings).
     */
    String sse() {
        StringBuilder b = new StringBuilder(data.length() + 40);
        if (id != null) b.append("id: ").append(id).append('\n');
        return b.append("event: ").append(type).append('\n').append("data: ").append(data).append("\n\n").toString();
    }

    /** As a WebSocket text message: {"type":..., "id":..., "data":...}. */
    String json() {
        StringBuilder b = new StringBuilder(data.length() + 40).append("{\"type\":\"").append(type).append('"');
        if (id != null) b.append(",\"id\":").append(id);
        return b.append(",\"data\":").append(data).append('}').toString();
    }

    private static String write(Object tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
