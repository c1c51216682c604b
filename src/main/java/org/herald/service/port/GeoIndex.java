package org.herald.service.port;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import org.herald.domain.geo.GeoArea;
import org.herald.domain.geo.Position;

/**
 * A fast copy of the nodes' latest-position indexes, for area queries. PostgreSQL ({@link StoreTx#latestPositions})
 * stays the truth: an implementation may answer from a cache and rebuild it from the store, and fails (rather than
 * answering wrongly) when it cannot answer; the caller then reads the store itself.
 *
 * <p>Contract: {@link #within} emits the node's latest positions that lie in {@code area} (every one when null)
 * and were taken at or after {@code notBefore} (any time when null), in no particular order. It must not block.
 */
public interface GeoIndex {
    Uni<List<Position>> within(String nodeId, GeoArea area, Instant notBefore);
}
