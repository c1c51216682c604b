package org.herald.domain.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.herald.domain.Jid;
import org.junit.jupiter.api.Test;

class CrossingTest {
    private static final BoundingBox MUNICH = new BoundingBox(11.4, 48.0, 11.7, 48.3);
    private static final Jid CAR = Jid.parse("car@localhost");
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private static Position at(double lat, double lon, int second) {
        Instant t = T0.plusSeconds(second);
        return new Position("car", Geoloc.at(lat, lon, t), t, t, "i" + second, second, CAR, false);
    }

    private static final Position IN = at(48.1, 11.5, 1);
    private static final Position IN2 = at(48.2, 11.6, 2);
    private static final Position OUT = at(52.5, 13.4, 3);
    private static final Position OUT2 = at(40.4, -3.7, 4);

    private static Crossing moved(Position from, Position to) {
        return Crossing.of(MUNICH, new GeoChange("car", to.itemId(), to, from, true, false, false, false));
    }

    @Test
    void movesAcrossTheEdge() {
        assertThat(moved(null, IN)).isEqualTo(Crossing.ENTER);
        assertThat(moved(null, OUT)).isEqualTo(Crossing.OUTSIDE);
        assertThat(moved(OUT, IN)).isEqualTo(Crossing.ENTER);
        assertThat(moved(IN, IN2)).isEqualTo(Crossing.INSIDE);
        assertThat(moved(IN, OUT)).isEqualTo(Crossing.LEAVE);
        assertThat(moved(OUT, OUT2)).isEqualTo(Crossing.OUTSIDE);
    }

    @Test
    void aLateFixIsOutsideForEveryone() {
        for (Position from : new Position[] {null, IN, OUT}) {
            for (Position to : new Position[] {IN, OUT}) {
                GeoChange late = new GeoChange("car", "late", to, from, false, false, false, false);
                assertThat(Crossing.of(MUNICH, late)).isEqualTo(Crossing.OUTSIDE);
            }
        }
    }

    @Test
    void theStopCommandLeavesTheAreaTheVehicleWasIn() {
        assertThat(Crossing.of(MUNICH, new GeoChange("car", "s", null, IN, true, false, false, false)))
                .isEqualTo(Crossing.LEAVE);
        assertThat(Crossing.of(MUNICH, new GeoChange("car", "s", null, OUT, true, false, false, false)))
                .isEqualTo(Crossing.OUTSIDE);
        assertThat(Crossing.of(MUNICH, new GeoChange("car", "s", null, null, true, false, false, false)))
                .isEqualTo(Crossing.OUTSIDE);
    }

    @Test
    void aJumpIsToldLikeAnyFix() {
        GeoChange jump = new GeoChange("car", "j", OUT, IN, true, false, true, false);
        assertThat(Crossing.of(MUNICH, jump)).isEqualTo(Crossing.LEAVE);
    }

    @Test
    void onlyOutsideIsNotTold() {
        assertThat(Crossing.OUTSIDE.told()).isFalse();
        assertThat(Crossing.INSIDE.told()).isTrue();
        assertThat(Crossing.ENTER.told()).isTrue();
        assertThat(Crossing.LEAVE.told()).isTrue();
        assertThat(Crossing.ENTER.wire()).isEqualTo("enter");
    }

    @Test
    void circlesFollowTheSameRule() {
        Circle c = new Circle(48.1, 11.5, 1_000);
        assertThat(Crossing.of(c, new GeoChange("car", "x", IN, OUT, true, false, false, false))).isEqualTo(Crossing.ENTER);
        assertThat(Crossing.of(c, new GeoChange("car", "x", IN2, IN, true, false, false, false))).isEqualTo(Crossing.LEAVE);
    }
}
