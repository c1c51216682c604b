package org.herald.service.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.junit.jupiter.api.Test;

/** The token buckets on a fake clock: bursts, refill, separate requesters, bounded memory. */
class TokenBucketsTest {
    private static final long SECOND = 1_000_000_000L;
    private long now = 42 * SECOND;
    private final RateKey alice = RateKey.jid(Jid.parse("alice@example.org/phone"));
    private final RateKey bob = RateKey.jid(Jid.parse("bob@example.org"));

    private TokenBuckets buckets(double rate, int burst, int maxKeys) {
        return new TokenBuckets(new Rate(rate, burst), maxKeys, () -> now);
    }

    @Test
    void aBurstIsAdmittedThenTheNextWaitsForOneToken() {
        TokenBuckets b = buckets(2, 3, 10);
        for (int i = 0; i < 3; i++) assertThat(b.take(alice)).isZero();
        assertThat(b.take(alice)).isEqualTo(Duration.ofMillis(500)); // 2 per second: the next token in 0.5 s
        now += SECOND / 2;
        assertThat(b.take(alice)).isZero();
        assertThat(b.take(alice)).isPositive();
    }

    @Test
    void requestersHaveTheirOwnBucketsAndResourcesOfOneJidShareOne() {
        TokenBuckets b = buckets(1, 1, 10);
        assertThat(b.take(alice)).isZero();
        assertThat(b.take(RateKey.jid(Jid.parse("alice@example.org/laptop")))).isPositive();
        assertThat(b.take(bob)).isZero();
        assertThat(b.take(RateKey.token("t1"))).isZero();
        assertThat(b.take(RateKey.token("t2"))).isZero();
    }

    @Test
    void refillStopsAtTheBurst() {
        TokenBuckets b = buckets(10, 2, 10);
        assertThat(b.take(alice)).isZero();
        now += 3600 * SECOND;
        assertThat(b.take(alice)).isZero();
        assertThat(b.take(alice)).isZero();
        assertThat(b.take(alice)).isPositive();
    }

    @Test
    void idleBucketsAreForgottenAndTheCapHoldsMemory() {
        TokenBuckets b = buckets(1, 5, 3);
        for (int i = 0; i < 10; i++) b.take(RateKey.address("10.0.0." + i));
        assertThat(b.size()).isEqualTo(3);
        now += 5 * SECOND; // every bucket is full again: nothing worth keeping
        b.take(alice);
        assertThat(b.size()).isEqualTo(1);
    }

    @Test
    void aClockGoingBackwardsNeitherRefillsNorFails() {
        TokenBuckets b = buckets(1, 1, 10);
        assertThat(b.take(alice)).isZero();
        now -= 10 * SECOND;
        assertThat(b.take(alice)).isPositive();
    }

    @Test
    void offMeansNoLimitAndNoMemory() {
        TokenBuckets b = buckets(0, 5, 10);
        for (int i = 0; i < 1000; i++) assertThat(b.take(alice)).isZero();
        assertThat(b.size()).isZero();
    }

    @Test
    void rateLimitsRefuseWithWholeSecondsToWaitAndLimitEachActionApart() {
        RateLimits limits = new RateLimits(Map.of(LimitedAction.PUBLISH, new Rate(0.25, 1),
                LimitedAction.CREATE, new Rate(1, 1)), 10, () -> now);
        limits.check(alice, LimitedAction.PUBLISH);
        assertThatThrownBy(() -> limits.check(alice, LimitedAction.PUBLISH))
                .isInstanceOfSatisfying(PubSubException.class, e -> {
                    assertThat(e.error()).isEqualTo(PubSubError.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(e.text()).contains("publish").contains("retry in 4 s");
                });
        limits.check(alice, LimitedAction.CREATE); // its own bucket
        for (int i = 0; i < 100; i++) limits.check(alice, LimitedAction.SUBSCRIBE); // not configured: off
        now += 4 * SECOND;
        limits.check(alice, LimitedAction.PUBLISH);
    }

    @Test
    void aRateMustBeSane() {
        assertThatThrownBy(() -> new Rate(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rate(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rate(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
