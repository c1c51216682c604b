package org.herald.service.geo;

import org.herald.domain.geo.Geoloc;

/**
 * What an item payload says about a place, judged before the item is stored.
 *
 * @param geoloc the validated reading; null when the payload holds no geoloc or an invalid one was flagged
 * @param flagged the payload held a geoloc that failed validation and the node stores such items flagged
 *                (herald#geo_invalid = flag): stored as sent, kept out of the index and the tracks
 * @param futureSkew the reading's timestamp lay too far in the future
 */
public record GeoReading(Geoloc geoloc, boolean flagged, boolean futureSkew) {
    /** The payload holds no geoloc. */
    public static final GeoReading NONE = new GeoReading(null, false, false);
    public static final GeoReading FLAGGED = new GeoReading(null, true, false);

    public boolean hasGeoloc() {
        return geoloc != null || flagged;
    }
}
