package org.herald.domain.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.herald.testsupport.MunichTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ordering rule, the jump filter and the area rule against the real Munich drive. */
class TraceReplayTest {
    private static final List<Position> TRACE = MunichTrace.positions("car");

    @Test
    void inOrderEveryFixAdvances() {
        Position latest = null;
        for (Position p : TRACE) {
            assertThat(p.advances(latest)).as("seq %d", p.seq()).isTrue();
            latest = p;
        }
        assertThat(latest).isEqualTo(TRACE.get(TRACE.size() - 1));
    }

    /** A phone flushing fixes out of order within 5 s: the latest never goes backwards and ends each window right. */
    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 2026, 8_675_309})
    void shuffledWithinFiveSecondWindowsTheLatestNeverGoesBackwards(long seed) {
        Random random = new Random(seed);
        Map<Long, List<Position>> windows = new LinkedHashMap<>();
        Instant t0 = TRACE.get(0).fixTime();
        for (Position p : TRACE) {
            windows.computeIfAbsent(Duration.between(t0, p.fixTime()).toSeconds() / 5, w -> new ArrayList<>()).add(p);
        }
        Position latest = null;
        int late = 0;
        for (List<Position> window : windows.values()) {
            List<Position> shuffled = new ArrayList<>(window);
            Collections.shuffle(shuffled, random);
            for (Position p : shuffled) {
                if (p.advances(latest)) {
                    if (latest != null) assertThat(p.fixTime()).isAfterOrEqualTo(latest.fixTime());
                    latest = p;
                } else {
                    late++;
                    // a late fix is older than what the index holds
                    assertThat(p.fixTime()).isBeforeOrEqualTo(latest.fixTime());
                }
            }
            // the in-order replay's latest at the end of this window is the window's last fix
            assertThat(latest).isEqualTo(window.get(window.size() - 1));
        }
        assertThat(latest).isEqualTo(TRACE.get(TRACE.size() - 1));
        assertThat(late).as("the shuffle made some fixes late").isPositive();
    }

    @Test
    void atTheSameMomentTheLaterPublicationWins() {
        Position a = TRACE.get(10);
        Position b = new Position("car", TRACE.get(11).fix(), a.fixTime(), a.received(), "again", a.seq() + 1,
                a.publisher(), false);
        assertThat(b.advances(a)).isTrue();
        assertThat(a.advances(b)).isFalse();
        assertThat(a.advances(a)).isFalse();
    }

    @Test
    void theOnlyJumpIsThe470MetreStep() {
        List<Integer> jumps = new ArrayList<>();
        for (int i = 0; i + 1 < TRACE.size(); i++) {
            if (Jumps.isJump(TRACE.get(i), TRACE.get(i + 1), 150)) jumps.add(i);
        }
        assertThat(jumps).containsExactly(MunichTrace.JUMP_INDEX);
        assertThat(Geodesy.meters(TRACE.get(618), TRACE.get(619))).isBetween(460.0, 480.0);
        // the 15 s file skips the glitch: no step there needs 150 m/s
        List<Position> coarse = MunichTrace.positions(MunichTrace.DOWNSAMPLED, "car");
        for (int i = 0; i + 1 < coarse.size(); i++) {
            assertThat(Jumps.isJump(coarse.get(i), coarse.get(i + 1), 150)).as("step %d", i).isFalse();
        }
    }

    @Test
    void jumpsAreSymmetricInTimeAndUseAtLeastOneSecond() {
        Position a = TRACE.get(618), b = TRACE.get(619);
        assertThat(Jumps.isJump(b, a, 150)).isTrue();
        assertThat(Jumps.isJump(a, b, 500)).isFalse();
        assertThat(Jumps.isJump(null, b, 150)).isFalse();
        // same timestamp, 100 m apart: 100 m/s within the one-second floor
        Position twin = new Position("car", Geoloc.at(a.lat() + 0.0009, a.lon(), a.fixTime()), a.fixTime(),
                a.received(), "twin", a.seq() + 1, a.publisher(), false);
        assertThat(Jumps.isJump(a, twin, 150)).isFalse();
        assertThat(Jumps.isJump(a, twin, 50)).isTrue();
    }

    /** A box across the route between Laim and Pasing: the car enters it once and leaves it once. */
    private static final GeoArea BOX = GeoArea.parse("bbox=11.47,48.10,11.51,48.20");

    @Test
    void theCarEntersAndLeavesTheBoxOnce() {
        Map<Crossing, Integer> full = replay(TRACE, BOX);
        assertThat(full.get(Crossing.ENTER)).isEqualTo(1);
        assertThat(full.get(Crossing.LEAVE)).isEqualTo(1);
        assertThat(full.get(Crossing.INSIDE)).isPositive();
        Map<Crossing, Integer> coarse = replay(MunichTrace.positions(MunichTrace.DOWNSAMPLED, "car"), BOX);
        assertThat(coarse.get(Crossing.ENTER)).isEqualTo(1);
        assertThat(coarse.get(Crossing.LEAVE)).isEqualTo(1);
    }

    @Test
    void aCircleAroundTheStartIsLeftOnceAndAStopCommandInsideLeaves() {
        Position start = TRACE.get(0);
        GeoArea circle = new Circle(start.lat(), start.lon(), 300);
        Map<Crossing, Integer> counts = replay(TRACE, circle);
        assertThat(counts.get(Crossing.ENTER)).isEqualTo(1);
        assertThat(counts.get(Crossing.LEAVE)).isEqualTo(1);
        GeoChange stop = new GeoChange("car", "stop", null, start, true, false, false, false);
        assertThat(Crossing.of(circle, stop)).isEqualTo(Crossing.LEAVE);
    }

    @Test
    void lateFixesAreNeverToldToAreas() {
        Position newest = TRACE.get(800);
        for (int i = 700; i < 800; i++) {
            Position p = TRACE.get(i);
            boolean advanced = p.advances(newest);
            assertThat(advanced).isFalse();
            GeoChange change = new GeoChange("car", p.itemId(), p, newest, advanced, false, false, false);
            assertThat(Crossing.of(BOX, change)).isEqualTo(Crossing.OUTSIDE);
        }
    }

    private static Map<Crossing, Integer> replay(List<Position> track, GeoArea area) {
        Map<Crossing, Integer> counts = new EnumMap<>(Crossing.class);
        for (Crossing c : Crossing.values()) counts.put(c, 0);
        Position latest = null;
        for (Position p : track) {
            boolean advanced = p.advances(latest);
            GeoChange change = new GeoChange(p.key(), p.itemId(), p, latest, advanced, false, false, false);
            counts.merge(Crossing.of(area, change), 1, Integer::sum);
            if (advanced) latest = p;
        }
        return counts;
    }
}
