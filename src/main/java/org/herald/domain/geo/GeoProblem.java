package org.herald.domain.geo;

import java.util.Objects;

/** One thing wrong with a geoloc payload: the XEP-0080 element at fault and why, told back to the publisher. */
public record GeoProblem(String element, String reason) {
    public GeoProblem {
        Objects.requireNonNull(element);
        Objects.requireNonNull(reason);
    }

    @Override
    public String toString() {
        return "<" + element + "/>: " + reason;
    }
}
