package org.herald.domain.geo;

import java.util.List;

/**
 * Downsamples a track for display (Douglas–Peucker), keeping the first and last fixes and the stops.
 * CONTRACT — implemented by the geo-core work: see /work/coord/brief7.md.
 */
public final class TrackSimplifier {
    private TrackSimplifier() {
    }

    /** At most {@code maxPoints} fixes of {@code track} (ordered by fix time), in the same order. */
    public static List<Position> simplify(List<Position> track, int maxPoints) {
        throw new UnsupportedOperationException("geo-core: not yet");
    }
}
