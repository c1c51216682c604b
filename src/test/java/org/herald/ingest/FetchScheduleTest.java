package org.herald.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The adaptive interval, the backoff and the politeness gap (pure logic). */
class FetchScheduleTest {
    private final FetchSchedule s = new FetchSchedule(Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofHours(24),
            Duration.ofMinutes(1));

    @Test
    void theOriginMaySlowHeraldDownButNotSpeedItUp() {
        assertThat(s.afterSuccess(null, null)).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.afterSuccess(Duration.ofHours(2), null)).isEqualTo(Duration.ofHours(2));
        assertThat(s.afterSuccess(null, 60)).isEqualTo(Duration.ofHours(1));
        assertThat(s.afterSuccess(Duration.ofSeconds(5), 0)).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.afterSuccess(Duration.ofDays(30), null)).isEqualTo(Duration.ofHours(24));
        FetchSchedule eager = new FetchSchedule(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(1));
        assertThat(eager.afterSuccess(null, null)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void failuresBackOffExponentiallyUpToTheMaximum() {
        assertThat(s.afterFailure(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.afterFailure(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.afterFailure(5)).isEqualTo(Duration.ofMinutes(16));
        assertThat(s.afterFailure(40)).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void retryAfterIsHonouredWithinBounds() {
        assertThat(s.afterRetryLater(Duration.ofMinutes(30), 1)).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.afterRetryLater(Duration.ofSeconds(1), 1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.afterRetryLater(null, 3)).isEqualTo(Duration.ofMinutes(4));
        assertThat(s.afterRetryLater(Duration.ofDays(9), 1)).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void oneHostsFetchesStartAGapApart() {
        HostGate gate = new HostGate(Duration.ofSeconds(2));
        Instant t = Instant.parse("2026-11-21T00:00:00Z");
        assertThat(gate.book("a.example", t)).isZero();
        assertThat(gate.book("a.example", t)).isEqualTo(Duration.ofSeconds(2));
        assertThat(gate.book("a.example", t.plusSeconds(1))).isEqualTo(Duration.ofSeconds(3));
        assertThat(gate.book("b.example", t)).isZero();
        assertThat(gate.book("a.example", t.plusSeconds(60))).isZero();
        assertThat(HostGate.host("https://A.Example:8443/x")).isEqualTo("a.example");
    }
}
