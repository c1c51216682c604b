package org.herald.domain.geo;

import java.time.Duration;
import java.util.Objects;

/**
 * A node's geolocation options (Herald's own node_config fields beside XEP-0060 §17.4.4).
 *
 * @param keying what an index entry stands for (herald#geo_key)
 * @param onInvalid what an invalid geoloc payload gets (herald#geo_invalid)
 * @param staleAfter how long a vehicle may stay silent before it is told as stale (herald#stale_after), or null
 *                   for never
 */
public record GeoSettings(GeoKeying keying, InvalidGeoPolicy onInvalid, Duration staleAfter) {
    public static final GeoSettings DEFAULT = new GeoSettings(GeoKeying.ITEM, InvalidGeoPolicy.REJECT, null);

    public GeoSettings {
        Objects.requireNonNull(keying);
        Objects.requireNonNull(onInvalid);
        if (staleAfter != null && (staleAfter.isNegative() || staleAfter.isZero())) {
            throw new IllegalArgumentException("staleAfter must be positive: " + staleAfter);
        }
    }
}
