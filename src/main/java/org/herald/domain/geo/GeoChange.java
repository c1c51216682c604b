package org.herald.domain.geo;

import java.util.Objects;

/**
 * What one published geoloc item did to a node's latest-position index, carried on the publish event so that every
 * front-end filters areas the same way ({@link Crossing#of}).
 *
 * @param key the index entry (vehicle) concerned
 * @param itemId the item that carried the fix or the stop command
 * @param current the new fix; null when the item was XEP-0080's stop command (the vehicle leaves the index)
 * @param previous the entry's latest fix before this publish; null when it had none
 * @param advanced whether {@code current} became the latest (false for a late, out-of-order fix, which area
 *                 subscribers are not told of: it would move the vehicle backwards on their maps)
 * @param wasStale the vehicle had been told as stale and this fix makes it active again
 * @param jump the step from {@code previous} implies a speed above the service's plausible maximum (a GPS outlier)
 * @param futureSkew the fix's timestamp lay too far in the future (see {@link GeoCheck#futureSkew()})
 */
public record GeoChange(String key, String itemId, Position current, Position previous, boolean advanced, boolean wasStale,
                        boolean jump, boolean futureSkew) {
    public GeoChange {
        Objects.requireNonNull(key);
        Objects.requireNonNull(itemId);
    }

    public boolean stopped() {
        return current == null;
    }
}
