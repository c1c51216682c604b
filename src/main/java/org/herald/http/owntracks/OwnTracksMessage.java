package org.herald.http.owntracks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Optional;
import org.herald.domain.geo.Geoloc;
import org.herald.http.problem.HttpProblem;

/**
 * One OwnTracks HTTP-mode message (the JSON the apps POST; owntracks.org booklet, "JSON" and "HTTP" pages) read as
 * an XEP-0080 reading. Only the shape is checked here: whether the values make a valid geoloc is the core's
 * judgement, as for any publish.
 *
 * <table>
 *   <tr><th>OwnTracks</th><th>XEP-0080 §3</th><th>conversion</th></tr>
 *   <tr><td>lat, lon</td><td>lat, lon</td><td>degrees, as is (required)</td></tr>
 *   <tr><td>tst</td><td>timestamp</td><td>epoch seconds → XEP-0082 DateTime, UTC</td></tr>
 *   <tr><td>vel</td><td>speed</td><td>km/h → m/s (÷ 3.6)</td></tr>
 *   <tr><td>cog</td><td>bearing</td><td>degrees from true north, as is</td></tr>
 *   <tr><td>acc</td><td>accuracy</td><td>metres, as is</td></tr>
 *   <tr><td>alt</td><td>alt</td><td>metres, as is</td></tr>
 *   <tr><td>tid</td><td>(item id)</td><td>see {@link OwnTracksResource}</td></tr>
 * </table>
 * iOS reports an unknown speed, course or accuracy as -1: a negative vel, cog or acc means "not known" and is left
 * out rather than refused.
 */
final class OwnTracksMessage {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS); // one JSON value, nothing after it

    /** A location message: the reading and the tracker id, if any. */
    record Location(Geoloc geoloc, String tid) {
    }

    private OwnTracksMessage() {
    }

    /**
     * The location in {@code body}, or empty for the other message types (transition, waypoint, card, lwt...),
     * which Herald does not store.
     *
     * @throws HttpProblem 400 when the body is not an OwnTracks message (naming the field at fault)
     */
    static Optional<Location> read(String body) {
        JsonNode m;
        try {
            m = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
            throw HttpProblem.malformed("the body is not valid JSON: " + why);
        }
        if (m == null || !m.isObject()) throw HttpProblem.malformed("an OwnTracks message is a JSON object");
        JsonNode type = m.get("_type");
        if (type == null || !type.isTextual()) throw bad("_type", "missing: every OwnTracks message names its _type");
        if (!type.asText().equals("location")) return Optional.empty();

        double lat = required(m, "lat");
        double lon = required(m, "lon");
        Instant tst = null;
        JsonNode t = m.get("tst");
        if (t != null && !t.isNull()) {
            if (!t.isIntegralNumber() || !t.canConvertToLong()) throw bad("tst", "must be whole seconds since the epoch");
            try {
                tst = Instant.ofEpochSecond(t.asLong());
            } catch (java.time.DateTimeException e) {
                throw bad("tst", "is out of range");
            }
        }
        Double vel = known(m, "vel");
        Double cog = known(m, "cog");
        Double acc = known(m, "acc");
        Double alt = optional(m, "alt");
        Double speed = vel == null ? null : vel / 3.6; // km/h → m/s (XEP-0080 §3: metres per second)
        JsonNode tid = m.get("tid");
        String tracker = tid != null && tid.isTextual() && !tid.asText().isBlank() ? tid.asText().strip() : null;
        return Optional.of(new Location(new Geoloc(lat, lon, alt, acc, cog, speed, tst, null), tracker));
    }

    private static double required(JsonNode m, String field) {
        Double v = optional(m, field);
        if (v == null) throw bad(field, "missing: a location message has lat and lon");
        return v;
    }

    /** A number, or null when absent; anything else is a malformed message. */
    private static Double optional(JsonNode m, String field) {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isNumber()) throw bad(field, "must be a number, not " + v.getNodeType().name().toLowerCase());
        double d = v.asDouble();
        if (!Double.isFinite(d)) throw bad(field, "is too large");
        return d;
    }

    /** A number where a negative value means "not known" (iOS sends -1). */
    private static Double known(JsonNode m, String field) {
        Double v = optional(m, field);
        return v == null || v < 0 ? null : v;
    }

    private static HttpProblem bad(String field, String detail) {
        return new HttpProblem(400, "bad-request", field, field + ": " + detail);
    }
}
