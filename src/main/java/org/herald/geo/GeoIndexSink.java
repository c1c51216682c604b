package org.herald.geo;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import org.herald.domain.geo.GeoChange;
import org.herald.domain.geo.Position;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.ItemsRetracted;
import org.herald.service.event.NodeDeleted;
import org.herald.service.event.NodePurged;
import org.herald.service.event.PositionsStale;
import org.herald.service.event.PubSubEvent;
import org.herald.service.port.EventSink;

/**
 * Keeps the Redis position index current from committed events. It follows nodes as a whole: the index changes
 * whether or not any XMPP entity is told. A write Redis does not take marks the node's copy for a rebuild
 * ({@link RedisGeoIndex#missed}); the event itself was committed in PostgreSQL and is never undone.
 *
 * <p>Staleness: the stale sweep's {@link PositionsStale} rewrites the entries it names (same fix, marked stale); the
 * vehicle's next fix replaces the entry and so makes it active again.
 */
public class GeoIndexSink implements EventSink {
    private final RedisGeoIndex index;

    public GeoIndexSink(RedisGeoIndex index) {
        this.index = index;
    }

    @Override
    public boolean followsNodes() {
        return true;
    }

    @Override
    public void emit(PubSubEvent event) {
        String node = event.node().id();
        if (event instanceof ItemsPublished p) {
            if (p.digest() || p.geo().isEmpty()) return; // a digest re-tells items the index has had
            run(node, apply(node, p.geo()));
        } else if (event instanceof PositionsStale s) {
            stale(node, s.positions());
        } else if (event instanceof ItemsRetracted || event instanceof NodePurged || event instanceof NodeDeleted) {
            // a retraction may take an entry out of the index (item keying); the store knows which: rebuild from it
            run(node, index.invalidate(node));
        }
    }

    /** Entries that went stale or became active again with the same fix. */
    public void stale(String node, List<Position> positions) {
        run(node, index.restate(node, positions));
    }

    private Uni<Void> apply(String node, List<GeoChange> changes) {
        List<Position> fixes = new ArrayList<>();
        List<Position> stopped = new ArrayList<>();
        for (GeoChange c : changes) {
            if (c.stopped()) {
                if (c.previous() != null) stopped.add(c.previous());
            } else if (c.advanced()) {
                fixes.add(c.current()); // late fixes go to the track only, never to the index
            }
        }
        Uni<Void> chain = index.put(node, fixes);
        for (Position last : stopped) chain = chain.chain(() -> index.remove(node, last));
        return chain;
    }

    private void run(String node, Uni<Void> work) {
        work.subscribe().with(v -> { }, e -> index.missed(node, e));
    }
}
