package org.herald.xmpp.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.herald.xmpp.component.StallWatch.Verdict;
import org.junit.jupiter.api.Test;

/** The stall detector's rules on a fake clock. */
class StallWatchTest {
    private static final long S = 1_000_000_000L;
    private final StallWatch watch = new StallWatch(Duration.ofSeconds(30), Duration.ofSeconds(60), 0);

    @Test
    void dataWaitingWithoutProgressForTheTimeoutIsAStall() {
        assertThat(watch.check(10 * S, true)).isEqualTo(Verdict.FINE);
        watch.progress(20 * S);
        assertThat(watch.check(49 * S, true)).isEqualTo(Verdict.FINE);
        assertThat(watch.check(50 * S, true)).isEqualTo(Verdict.WRITE_STALLED);
    }

    @Test
    void theStallClockStartsWhenDataBeginsToWaitNotAtTheLastWrite() {
        watch.read(100 * S);
        assertThat(watch.check(100 * S, false)).isEqualTo(Verdict.FINE); // idle since 0: nothing to push
        assertThat(watch.check(110 * S, true)).isEqualTo(Verdict.FINE);
        assertThat(watch.check(131 * S, true)).isEqualTo(Verdict.WRITE_STALLED);
    }

    @Test
    void silenceAsksForAPingAndAnAnswerClearsIt() {
        assertThat(watch.check(59 * S, false)).isEqualTo(Verdict.FINE);
        assertThat(watch.check(60 * S, false)).isEqualTo(Verdict.PING);
        assertThat(watch.check(70 * S, false)).isEqualTo(Verdict.FINE); // one ping at a time
        watch.read(75 * S);
        assertThat(watch.check(100 * S, false)).isEqualTo(Verdict.FINE);
        assertThat(watch.check(135 * S, false)).isEqualTo(Verdict.PING);
    }

    @Test
    void anUnansweredPingIsAStall() {
        assertThat(watch.check(60 * S, false)).isEqualTo(Verdict.PING);
        assertThat(watch.check(89 * S, false)).isEqualTo(Verdict.FINE);
        assertThat(watch.check(90 * S, false)).isEqualTo(Verdict.UNANSWERED);
    }

    @Test
    void noPingsWhenTheIntervalIsZero() {
        StallWatch writesOnly = new StallWatch(Duration.ofSeconds(30), Duration.ZERO, 0);
        assertThat(writesOnly.check(3600 * S, false)).isEqualTo(Verdict.FINE);
    }
}
