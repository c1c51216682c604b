package org.herald.geo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.herald.domain.Jid;
import org.herald.domain.geo.Geoloc;
import org.herald.domain.geo.Position;

/** A position as the Redis index keeps it: one JSON value per vehicle, every field of {@link Position}. */
final class PositionCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PositionCodec() {
    }

    static String write(Position p) {
        Geoloc f = p.fix();
        ObjectNode o = JSON.createObjectNode()
                .put("key", p.key()).put("lat", f.lat()).put("lon", f.lon())
                .put("fixTime", p.fixTime().toString()).put("received", p.received().toString())
                .put("itemId", p.itemId()).put("seq", p.seq()).put("publisher", p.publisher().toString())
                .put("stale", p.stale());
        if (f.alt() != null) o.put("alt", f.alt());
        if (f.accuracy() != null) o.put("accuracy", f.accuracy());
        if (f.bearing() != null) o.put("bearing", f.bearing());
        if (f.speed() != null) o.put("speed", f.speed());
        if (f.timestamp() != null) o.put("timestamp", f.timestamp().toString());
        if (f.label() != null) o.put("label", f.label());
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static Position read(String json) {
        try {
            JsonNode o = JSON.readTree(json);
            Geoloc fix = new Geoloc(o.get("lat").asDouble(), o.get("lon").asDouble(), dbl(o, "alt"), dbl(o, "accuracy"),
                    dbl(o, "bearing"), dbl(o, "speed"), instant(o, "timestamp"), text(o, "label"));
            return new Position(o.get("key").asText(), fix, Instant.parse(o.get("fixTime").asText()),
                    Instant.parse(o.get("received").asText()), o.get("itemId").asText(), o.get("seq").asLong(),
                    Jid.parse(o.get("publisher").asText()), o.path("stale").asBoolean(false));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("the position index holds an unreadable entry", e);
        }
    }

    /** The index's order of fixes as one comparable text: fix time (epoch microseconds) and seq, as Position#advances. */
    static String order(Position p) {
        Instant t = p.fixTime();
        long micros = Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
        return micros + ":" + p.seq();
    }

    private static Double dbl(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asDouble();
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(JsonNode o, String field) {
        String t = text(o, field);
        return t == null ? null : Instant.parse(t);
    }
}
