package org.herald.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.herald.fanout.OutboxFill.Level;
import org.junit.jupiter.api.Test;

/** When the XMPP outbox's length samples are worth a log line: once per episode near or at the cap, once back. */
class OutboxFillTest {

    @Test
    void aGrowingOutboxIsReportedNearThenAtTheCapThenBackOnce() {
        OutboxFill fill = new OutboxFill(1000);
        List<OutboxFill.Change> changes = new ArrayList<>();
        for (long length : new long[] {0, 500, 799, 800, 900, 1000, 1050, 990, 1020, 700, 600, 510, 499, 100}) {
            fill.sample(length).ifPresent(changes::add);
        }

        assertThat(changes).extracting(OutboxFill.Change::level).containsExactly(Level.NEAR, Level.FULL, Level.NORMAL);
        assertThat(changes).extracting(OutboxFill.Change::length).containsExactly(800L, 1000L, 499L);
        assertThat(fill.level()).isEqualTo(Level.NORMAL);
    }

    @Test
    void aLengthHoveringAroundAThresholdIsReportedOnce() {
        OutboxFill fill = new OutboxFill(1000);
        int reports = 0;
        for (int i = 0; i < 100; i++) {
            if (fill.sample(i % 2 == 0 ? 790 : 810).isPresent()) reports++;
        }
        for (int i = 0; i < 100; i++) {
            if (fill.sample(i % 2 == 0 ? 995 : 1005).isPresent()) reports++;
        }

        assertThat(reports).isEqualTo(2);
        assertThat(fill.level()).isEqualTo(Level.FULL);
    }

    @Test
    void aDrainingOutboxThatFillsAgainIsReportedAgain() {
        OutboxFill fill = new OutboxFill(1000);
        fill.sample(1000);
        assertThat(fill.sample(700)).isEmpty(); // draining: reported already
        assertThat(fill.level()).isEqualTo(Level.NEAR);

        assertThat(fill.sample(1001)).get().extracting(OutboxFill.Change::level).isEqualTo(Level.FULL);
    }

    @Test
    void theMessagesSayWhatIsLostAndWhatToCheck() {
        OutboxFill fill = new OutboxFill(100_000);
        OutboxFill.Change near = fill.sample(85_000).orElseThrow();
        OutboxFill.Change full = fill.sample(100_040).orElseThrow();
        OutboxFill.Change back = fill.sample(10).orElseThrow();

        assertThat(near.warning()).isTrue();
        assertThat(near.message()).contains("85000", "85 %", "herald.fanout.outbox-max-length (100000)", "link");
        assertThat(full.warning()).isTrue();
        assertThat(full.message()).contains("dropping the oldest unsent notifications", "items themselves are stored");
        assertThat(back.warning()).isFalse();
        assertThat(back.message()).contains("back to 10 batches");
    }

    @Test
    void aZeroCapCountsAsOne() {
        assertThat(new OutboxFill(0).sample(1)).get().extracting(OutboxFill.Change::level).isEqualTo(Level.FULL);
    }
}
