package org.herald.http.geo;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.herald.domain.geo.Geoloc;
import org.herald.domain.geo.Position;

/**
 * A position as every JSON surface shows it (REST snapshots and tracks, stream {@code position} events).
 * {@code publisher} is the bare JID, and only where the node's pubsub#itemreply shows publishers (XEP-0060 §7.1.2),
 * as {@link org.herald.http.json.ItemJson} does; optional readings are left out when the fix had none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PositionJson(String key, String itemId, double lat, double lon, Double alt, Double accuracy, Double speed,
                           Double bearing, String fixTime, String received, boolean stale, String label, String publisher) {

    public static PositionJson of(Position p, boolean showsPublisher) {
        Geoloc f = p.fix();
        return new PositionJson(p.key(), p.itemId(), f.lat(), f.lon(), f.alt(), f.accuracy(), f.speed(), f.bearing(),
                p.fixTime().toString(), p.received().toString(), p.stale(), f.label(),
                showsPublisher ? p.publisher().bare().toString() : null);
    }
}
