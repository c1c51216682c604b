package org.herald.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.herald.domain.PubSubException;
import org.herald.domain.XmlChars;
import org.herald.http.problem.HttpProblem;
import org.herald.service.config.FieldSpec;
import org.herald.service.config.FieldType;

/**
 * Data forms (XEP-0004) as JSON objects: a node configuration (pubsub#node_config, XEP-0060 §17.4.4) or
 * subscription options (pubsub#subscribe_options, §17.4.2) is an object keyed by field name without the
 * "pubsub#" prefix (Herald's own fields keep theirs: "herald#geo_key"). Submitted values may be strings, numbers, booleans, arrays of those, or null (no value);
 * the core validates them with the same form code as XMPP. Shown values are typed by the field: booleans as
 * booleans, multi-valued fields as arrays, everything else as a string (or null).
 */
final class ConfigJson {
    static final String PREFIX = "pubsub#";

    private ConfigJson() {
    }

    /**
     * A submitted object as the core's form map. {@code path} is where the object sits in the request body
     * ("config", "options", or "" for the whole body), used to name fields in refusals.
     */
    static Map<String, List<String>> toForm(JsonNode object, String path) {
        if (object == null || object.isNull()) return Map.of();
        if (!object.isObject()) throw HttpProblem.invalid(path.isEmpty() ? "body" : path, "must be a JSON object");
        Map<String, List<String>> form = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> {
            String key = e.getKey();
            String field = named(path, key);
            JsonNode v = e.getValue();
            List<String> values = new ArrayList<>();
            if (v.isArray()) {
                v.forEach(x -> values.add(scalar(x, field)));
            } else if (!v.isNull()) {
                values.add(scalar(v, field));
            }
            // a key with its own prefix (Herald's "herald#geo_area", or "pubsub#title") is a field name as it is
            form.put(key.contains("#") ? key : PREFIX + key, values);
        });
        return form;
    }

    private static String scalar(JsonNode v, String field) {
        if (v.isTextual()) {
            // JSON escapes can spell characters no data form (XML) can hold, nor PostgreSQL text (NUL)
            if (XmlChars.indexOfForbidden(v.textValue()) >= 0) throw HttpProblem.invalid(field, "holds a character XML cannot carry");
            return v.textValue();
        }
        if (v.isBoolean()) return v.booleanValue() ? "true" : "false";
        if (v.isNumber()) return v.asText();
        throw HttpProblem.invalid(field, "takes a string, number, boolean or an array of those");
    }

    /** The form's values as JSON, typed by the fields' specifications. */
    static ObjectNode fromForm(Map<String, List<String>> values, List<FieldSpec> fields) {
        Map<String, FieldType> types = new LinkedHashMap<>();
        fields.forEach(f -> types.put(f.var(), f.type()));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        values.forEach((var, vs) -> {
            String key = var.startsWith(PREFIX) ? var.substring(PREFIX.length()) : var;
            FieldType type = types.get(var);
            if (type == FieldType.TEXT_MULTI || type == FieldType.LIST_MULTI || type == FieldType.JID_MULTI) {
                vs.forEach(out.putArray(key)::add);
            } else if (vs.isEmpty()) {
                out.putNull(key);
            } else if (type == FieldType.BOOLEAN) {
                out.put(key, "1".equals(vs.get(0)) || "true".equals(vs.get(0)));
            } else {
                out.put(key, vs.get(0));
            }
        });
        return out;
    }

    /**
     * Renames the form field a core refusal names ("pubsub#max_items") to where it sits in the request body
     * ("config.max_items"), so a 4xx problem points at the JSON the client sent.
     */
    static Function<Throwable, Throwable> fieldsAt(String path) {
        return t -> {
            if (!(t instanceof PubSubException e) || e.field() == null || !e.field().contains("#")) return t;
            // pubsub# fields travel without their prefix; Herald's own (herald#geo_area) keep theirs
            String key = e.field().startsWith(PREFIX) ? e.field().substring(PREFIX.length()) : e.field();
            String why = e.text().startsWith(e.field() + ": ") ? e.text().substring(e.field().length() + 2) : e.text();
            return PubSubException.badField(e.error(), named(path, key), why);
        };
    }

    private static String named(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
