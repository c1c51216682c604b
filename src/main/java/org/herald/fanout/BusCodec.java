package org.herald.fanout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.StoredItem;
import org.herald.domain.geo.GeoChange;
import org.herald.domain.geo.Geoloc;
import org.herald.domain.geo.Position;
import org.herald.http.stream.NodeEvent;

/**
 * {@link BusMessage}s as JSON text, every field of {@link NodeEvent} written explicitly (no reflection on the
 * domain records, so renaming a field is a compile error here, not a silent loss on the wire). Absent optional
 * values are left out rather than written as null. Version 1 of the format; a receiver refuses other versions.
 */
public final class BusCodec {
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private BusCodec() {
    }

    public static String encode(BusMessage m) {
        ObjectNode o = JSON.createObjectNode().put("v", VERSION).put("from", m.sender()).put("n", m.number());
        if (m.heartbeat()) o.put("hb", true);
        ArrayNode events = o.putArray("events");
        for (NodeEvent e : m.events()) events.add(event(e));
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** Reads a message; fails with IllegalArgumentException on anything that is not a message of this format. */
    public static BusMessage decode(String text) {
        try {
            JsonNode o = JSON.readTree(text);
            if (o == null || o.path("v").asInt() != VERSION) throw new IllegalArgumentException("not a bus message of version " + VERSION);
            List<NodeEvent> events = list(o.path("events"), BusCodec::readEvent);
            return new BusMessage(req(o, "from").asText(), req(o, "n").asLong(), o.path("hb").asBoolean(false), events);
        } catch (JsonProcessingException | RuntimeException e) {
            throw e instanceof IllegalArgumentException i ? i : new IllegalArgumentException("unreadable bus message", e);
        }
    }

    // ------------------------------------------------------------------ writing

    private static ObjectNode event(NodeEvent e) {
        ObjectNode o = JSON.createObjectNode().put("kind", e.kind().name()).put("node", e.node());
        if (!e.items().isEmpty()) {
            ArrayNode a = o.putArray("items");
            e.items().forEach(i -> a.add(item(i)));
        }
        if (!e.itemIds().isEmpty()) {
            ArrayNode a = o.putArray("itemIds");
            e.itemIds().forEach(a::add);
        }
        if (e.jid() != null) o.put("jid", e.jid().toString());
        if (e.redirect() != null) o.put("redirect", e.redirect());
        if (e.joined() != null) o.put("joined", e.joined());
        if (e.showsPublisher()) o.put("showsPublisher", true);
        if (!e.geo().isEmpty()) {
            ArrayNode a = o.putArray("geo");
            e.geo().forEach(g -> a.add(geoChange(g)));
        }
        if (!e.stale().isEmpty()) {
            ArrayNode a = o.putArray("stale");
            e.stale().forEach(p -> a.add(position(p)));
        }
        return o;
    }

    private static ObjectNode item(StoredItem s) {
        Item i = s.item();
        ObjectNode o = JSON.createObjectNode().put("seq", s.seq()).put("node", i.node()).put("id", i.id())
                .put("publisher", i.publisher().toString()).put("published", i.published().toString());
        if (i.payload() != null) o.put("payload", i.payload());
        return o;
    }

    private static ObjectNode geoChange(GeoChange g) {
        ObjectNode o = JSON.createObjectNode().put("key", g.key()).put("itemId", g.itemId())
                .put("advanced", g.advanced()).put("wasStale", g.wasStale()).put("jump", g.jump())
                .put("futureSkew", g.futureSkew());
        if (g.current() != null) o.set("current", position(g.current()));
        if (g.previous() != null) o.set("previous", position(g.previous()));
        return o;
    }

    private static ObjectNode position(Position p) {
        Geoloc f = p.fix();
        ObjectNode o = JSON.createObjectNode().put("key", p.key()).put("fixTime", p.fixTime().toString())
                .put("received", p.received().toString()).put("itemId", p.itemId()).put("seq", p.seq())
                .put("publisher", p.publisher().toString()).put("stale", p.stale());
        ObjectNode fix = o.putObject("fix");
        putIf(fix, "lat", f.lat());
        putIf(fix, "lon", f.lon());
        putIf(fix, "alt", f.alt());
        putIf(fix, "accuracy", f.accuracy());
        putIf(fix, "bearing", f.bearing());
        putIf(fix, "speed", f.speed());
        if (f.timestamp() != null) fix.put("timestamp", f.timestamp().toString());
        if (f.label() != null) fix.put("label", f.label());
        return o;
    }

    private static void putIf(ObjectNode o, String field, Double v) {
        if (v != null) o.put(field, v);
    }

    // ------------------------------------------------------------------ reading

    private static NodeEvent readEvent(JsonNode o) {
        return new NodeEvent(NodeEvent.Kind.valueOf(req(o, "kind").asText()), req(o, "node").asText(),
                list(o.path("items"), BusCodec::readItem), list(o.path("itemIds"), JsonNode::asText),
                o.has("jid") ? Jid.parse(o.get("jid").asText()) : null, text(o, "redirect"), text(o, "joined"),
                o.path("showsPublisher").asBoolean(false), list(o.path("geo"), BusCodec::readGeoChange),
                list(o.path("stale"), BusCodec::readPosition));
    }

    private static StoredItem readItem(JsonNode o) {
        return new StoredItem(req(o, "seq").asLong(), new Item(req(o, "node").asText(), req(o, "id").asText(),
                text(o, "payload"), Jid.parse(req(o, "publisher").asText()), Instant.parse(req(o, "published").asText())));
    }

    private static GeoChange readGeoChange(JsonNode o) {
        return new GeoChange(req(o, "key").asText(), req(o, "itemId").asText(),
                o.has("current") ? readPosition(o.get("current")) : null,
                o.has("previous") ? readPosition(o.get("previous")) : null,
                o.path("advanced").asBoolean(), o.path("wasStale").asBoolean(), o.path("jump").asBoolean(),
                o.path("futureSkew").asBoolean());
    }

    private static Position readPosition(JsonNode o) {
        JsonNode f = req(o, "fix");
        Geoloc fix = new Geoloc(dbl(f, "lat"), dbl(f, "lon"), dbl(f, "alt"), dbl(f, "accuracy"), dbl(f, "bearing"),
                dbl(f, "speed"), f.has("timestamp") ? Instant.parse(f.get("timestamp").asText()) : null, text(f, "label"));
        return new Position(req(o, "key").asText(), fix, Instant.parse(req(o, "fixTime").asText()),
                Instant.parse(req(o, "received").asText()), req(o, "itemId").asText(), req(o, "seq").asLong(),
                Jid.parse(req(o, "publisher").asText()), o.path("stale").asBoolean(false));
    }

    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> read) {
        if (array == null || array.isMissingNode() || array.isNull()) return List.of();
        if (!array.isArray()) throw new IllegalArgumentException("expected an array");
        List<T> out = new ArrayList<>(array.size());
        for (JsonNode n : array) out.add(read.apply(n));
        return out;
    }

    private static JsonNode req(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException("missing field " + field);
        return v;
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Double dbl(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asDouble();
    }
}
