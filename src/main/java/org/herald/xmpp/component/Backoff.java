package org.herald.xmpp.component;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential reconnect delays with jitter: attempt n waits a random time between half and all of
 * min * 2^n, capped at max. Jitter keeps many instances from hammering a restarted server in lockstep.
 */
final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private int attempt;

    Backoff(Duration min, Duration max, RandomGenerator random) {
        this.minMillis = Math.max(1, min.toMillis());
        this.maxMillis = Math.max(minMillis, max.toMillis());
        this.random = random;
    }

    long nextDelayMillis() {
        long ceiling = attempt >= 30 ? maxMillis : Math.min(maxMillis, minMillis << attempt);
        if (ceiling < maxMillis) attempt++;
        long floor = ceiling / 2;
        return floor + random.nextLong(ceiling - floor + 1);
    }

    /** After a successful handshake the next failure starts from the minimum again. */
    void reset() {
        attempt = 0;
    }
}
