package org.herald.domain.geo;

import java.util.List;
import java.util.Map;

/**
 * A {@code <geoloc/>} element as the XML adapter read it, before any validation: the text of each child element by
 * its local name (XEP-0080 §3), trimmed. The core validates these strings ({@link GeolocValidator}); nothing here is
 * trusted.
 *
 * @param values the text of each child element by local name, in document order
 * @param repeated names of child elements that appeared more than once (a payload error: which one counts?)
 * @param nested names of child elements that had element children of their own (XEP-0080 fields are all simple)
 */
public record GeolocFields(Map<String, String> values, List<String> repeated, List<String> nested) {
    public GeolocFields {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        repeated = List.copyOf(repeated);
        nested = List.copyOf(nested);
    }

    public static GeolocFields of(Map<String, String> values) {
        return new GeolocFields(values, List.of(), List.of());
    }

    /** XEP-0080 §4.1 ("stop command"): an empty {@code <geoloc/>} says the entity stopped publishing its location. */
    public boolean isEmpty() {
        return values.isEmpty() && repeated.isEmpty() && nested.isEmpty();
    }

    public String get(String name) {
        return values.get(name);
    }
}
