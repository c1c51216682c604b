package org.herald.xmpp.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesWithJitterUpToTheMaximumAndResets() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new SplittableRandom(7));
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 12; i++) delays.add(b.nextDelayMillis());

        long ceiling = 500;
        for (long d : delays) {
            assertThat(d).isBetween(ceiling / 2, ceiling);
            ceiling = Math.min(30_000, ceiling * 2);
        }
        assertThat(delays.get(11)).isBetween(15_000L, 30_000L);

        b.reset();
        assertThat(b.nextDelayMillis()).isBetween(250L, 500L);
    }
}
