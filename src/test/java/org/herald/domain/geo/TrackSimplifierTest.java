package org.herald.domain.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.herald.domain.Jid;
import org.herald.testsupport.MunichTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrackSimplifierTest {
    private static final List<Position> TRACE = MunichTrace.positions("car");

    /**
     * The standstills of at least 10 s in the full trace (runs of steps under 0.5 m/s; first and last fix of each),
     * found once with a separate script over the JSON file.
     */
    private static final int[][] STOPS = {{24, 41}, {61, 78}, {146, 187}, {231, 263}, {373, 399}, {414, 478},
            {585, 618}, {954, 969}, {1035, 1107}};

    @ParameterizedTest
    @ValueSource(ints = {20, 30, 50, 100, 200, 500})
    void keepsEndpointsAndStopsAndStaysWithinTheBudget(int max) {
        TrackSimplifier.Simplified s = TrackSimplifier.run(TRACE, max);
        List<Position> out = s.points();
        assertThat(out).hasSizeLessThanOrEqualTo(max);
        assertThat(out.get(0)).isEqualTo(TRACE.get(0));
        assertThat(out.get(out.size() - 1)).isEqualTo(TRACE.get(TRACE.size() - 1));
        for (int[] stop : STOPS) {
            assertThat(out).as("stop %d..%d", stop[0], stop[1]).contains(TRACE.get(stop[0]), TRACE.get(stop[1]));
        }
        // in track order, each fix once
        for (int i = 1; i < out.size(); i++) assertThat(out.get(i).seq()).isGreaterThan(out.get(i - 1).seq());
        // the promise: no original fix is further than the tolerance from the simplified line
        double deviation = TrackSimplifier.maxDeviation(TRACE, out);
        assertThat(deviation).isLessThanOrEqualTo(s.tolerance() + 1e-6);
        assertThat(independentDeviation(TRACE, out)).isLessThanOrEqualTo(s.tolerance() * 1.01 + 1.0);
    }

    /**
     * What a map at city zoom needs: 100 points of the 13.6 km drive stay within 5 m of the fixes (3.2 m measured
     * when written), 50 points within 25 m (16 m), 300 points within 1 m (0.4 m).
     */
    @Test
    void theErrorIsSmallForAUsefulBudget() {
        List<Position> out = TrackSimplifier.simplify(TRACE, 100);
        assertThat(out.size()).isBetween(90, 100);
        assertThat(TrackSimplifier.maxDeviation(TRACE, out)).isLessThan(5.0);
        assertThat(TrackSimplifier.maxDeviation(TRACE, TrackSimplifier.simplify(TRACE, 50))).isLessThan(25.0);
        assertThat(TrackSimplifier.maxDeviation(TRACE, TrackSimplifier.simplify(TRACE, 300))).isLessThan(1.0);
    }

    @Test
    void moreBudgetNeverMeansMoreError() {
        double previous = Double.MAX_VALUE;
        for (int max = 20; max <= 400; max += 20) {
            double d = TrackSimplifier.maxDeviation(TRACE, TrackSimplifier.simplify(TRACE, max));
            assertThat(d).as("max %d", max).isLessThanOrEqualTo(previous + 1e-9);
            previous = d;
        }
    }

    @Test
    void whenStopsAloneExceedTheBudgetTheyAreThinnedKeepingBothEnds() {
        TrackSimplifier.Simplified s = TrackSimplifier.run(TRACE, 5);
        assertThat(s.points()).hasSize(5);
        assertThat(s.points().get(0)).isEqualTo(TRACE.get(0));
        assertThat(s.points().get(4)).isEqualTo(TRACE.get(TRACE.size() - 1));
        assertThat(s.tolerance()).isNaN();
        assertThat(TrackSimplifier.simplify(TRACE, 2)).containsExactly(TRACE.get(0), TRACE.get(TRACE.size() - 1));
    }

    @Test
    void shortTracksComeBackWhole() {
        assertThat(TrackSimplifier.simplify(List.of(), 10)).isEmpty();
        assertThat(TrackSimplifier.simplify(TRACE.subList(0, 10), 10)).isEqualTo(TRACE.subList(0, 10));
        assertThat(TrackSimplifier.simplify(TRACE.subList(0, 1), 2)).containsExactly(TRACE.get(0));
        assertThatThrownBy(() -> TrackSimplifier.simplify(TRACE, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDownsampledFileSimplifiesToo() {
        List<Position> coarse = MunichTrace.positions(MunichTrace.DOWNSAMPLED, "car");
        List<Position> out = TrackSimplifier.simplify(coarse, 20);
        assertThat(out).hasSizeLessThanOrEqualTo(20);
        assertThat(out.get(0)).isEqualTo(coarse.get(0));
        assertThat(out.get(out.size() - 1)).isEqualTo(coarse.get(coarse.size() - 1));
    }

    @Test
    void aStraightLineBecomesItsEnds() {
        List<Position> line = line(0, 10, 0.001, 0, 100);
        assertThat(TrackSimplifier.simplify(line, 10)).containsExactly(line.get(0), line.get(99));
    }

    @Test
    void aTrackAcrossTheAntimeridianIsNotAWorldTour() {
        // east along the equator from 179.9 to -179.9: 22 km, straight
        List<Position> track = new ArrayList<>();
        for (int i = 0; i <= 40; i++) {
            double lon = 179.9 + i * 0.005;
            track.add(fix(0.0001 * (i % 2), lon > 180 ? lon - 360 : lon, i));
        }
        TrackSimplifier.Simplified s = TrackSimplifier.run(track, 5);
        assertThat(s.points()).hasSizeLessThanOrEqualTo(5);
        // the zigzag is 11 m high; across the antimeridian the deviation stays that small, not thousands of km
        assertThat(TrackSimplifier.maxDeviation(track, s.points())).isLessThan(12.0);
    }

    @Test
    void maxDeviationRefusesWhatIsNotASimplification() {
        assertThatThrownBy(() -> TrackSimplifier.maxDeviation(TRACE, List.of(TRACE.get(5), TRACE.get(1193))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Distance to the kept segment measured by haversine against 2000 points along it (no shared projection code). */
    private static double independentDeviation(List<Position> track, List<Position> kept) {
        List<Integer> at = new ArrayList<>();
        for (Position k : kept) at.add(track.indexOf(k));
        double max = 0;
        for (int s = 0; s + 1 < at.size(); s++) {
            Position a = track.get(at.get(s)), b = track.get(at.get(s + 1));
            for (int i = at.get(s) + 1; i < at.get(s + 1); i++) {
                Position p = track.get(i);
                double best = Double.MAX_VALUE;
                for (int j = 0; j <= 2000; j++) {
                    double t = j / 2000.0;
                    best = Math.min(best, Geodesy.meters(p.lat(), p.lon(), a.lat() + t * (b.lat() - a.lat()),
                            a.lon() + t * (b.lon() - a.lon())));
                }
                max = Math.max(max, best);
            }
        }
        return max;
    }

    private static List<Position> line(double lat0, double lon0, double dLat, double dLon, int n) {
        List<Position> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(fix(lat0 + i * dLat, lon0 + i * dLon, i));
        return out;
    }

    private static Position fix(double lat, double lon, int second) {
        Instant t = Instant.parse("2026-11-21T10:00:00Z").plusSeconds(second);
        return new Position("k", Geoloc.at(lat, lon, t), t, t, "i" + second, second + 1, Jid.parse("a@b"), false);
    }
}
