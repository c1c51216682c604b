package org.herald.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Noticing lost bus messages from the senders' numbers. */
class SenderTrackerTest {
    static final long FORGET = 60_000;

    static BusMessage msg(String sender, long n) {
        return new BusMessage(sender, n, false, List.of());
    }

    @Test
    void consecutiveNumbersAreNoGap() {
        SenderTracker t = new SenderTracker();
        assertThat(t.missedBefore(msg("a", 1), 0, FORGET)).isFalse();
        assertThat(t.missedBefore(msg("a", 2), 0, FORGET)).isFalse();
        assertThat(t.missedBefore(BusMessage.heartbeat("a", 2), 0, FORGET)).isFalse();
    }

    @Test
    void aSkippedNumberIsAGap() {
        SenderTracker t = new SenderTracker();
        t.missedBefore(msg("a", 1), 0, FORGET);
        assertThat(t.missedBefore(msg("a", 3), 0, FORGET)).isTrue();
        assertThat(t.missedBefore(msg("a", 4), 0, FORGET)).isFalse();
    }

    @Test
    void aHeartbeatNamingAnUnheardNumberIsAGap() {
        SenderTracker t = new SenderTracker();
        t.missedBefore(msg("a", 1), 0, FORGET);
        assertThat(t.missedBefore(BusMessage.heartbeat("a", 2), 0, FORGET)).isTrue();
        assertThat(t.missedBefore(BusMessage.heartbeat("a", 2), 0, FORGET)).isFalse();
    }

    @Test
    void aSenderFirstHeardPastItsFirstMessageMayHaveLostSome() {
        SenderTracker t = new SenderTracker();
        assertThat(t.missedBefore(msg("a", 5), 0, FORGET)).isTrue();
        assertThat(t.missedBefore(BusMessage.heartbeat("b", 0), 0, FORGET)).isFalse();
        assertThat(t.missedBefore(msg("c", 1), 0, FORGET)).isFalse();
    }

    @Test
    void sendersSilentForLongAreForgotten() {
        SenderTracker t = new SenderTracker();
        t.missedBefore(msg("old", 1), 0, FORGET);
        t.missedBefore(msg("new", 1), FORGET + 1, FORGET);
        assertThat(t.senders()).isEqualTo(1);
    }
}
