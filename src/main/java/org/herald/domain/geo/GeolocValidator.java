package org.herald.domain.geo;

import java.time.Duration;
import java.time.Instant;

/**
 * Validates and normalises XEP-0080 readings (XEP-0080 §4 data types, XEP-0082 DateTime profile).
 * CONTRACT — implemented by the geo-core work: see /work/coord/brief7.md.
 */
public final class GeolocValidator {
    private final Duration maxFutureSkew;

    /** @param maxFutureSkew how far in the future a timestamp may lie before it is flagged */
    public GeolocValidator(Duration maxFutureSkew) {
        this.maxFutureSkew = maxFutureSkew;
    }

    /** Checks one geoloc element's fields at {@code now}. Never throws for bad input: problems are the answer. */
    public GeoCheck check(GeolocFields fields, Instant now) {
        throw new UnsupportedOperationException("geo-core: not yet");
    }
}
