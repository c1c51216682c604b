package org.herald.service.port;

import java.util.Optional;
import org.herald.domain.geo.GeolocFields;

/**
 * Finds the XEP-0080 {@code <geoloc/>} in an item payload: the payload itself, or a direct child of an Atom entry
 * (activity feeds with a place). Parsing XML is an adapter's job; judging the values is the core's
 * ({@link org.herald.domain.geo.GeolocValidator}).
 */
public interface GeoPayloads {
    /** The geoloc's fields, or empty when the payload holds no geoloc. Never throws on any payload. */
    Optional<GeolocFields> read(String payloadXml);

    /** For services and tests without geolocation. */
    GeoPayloads NONE = payload -> Optional.empty();
}
