package org.herald.http.websub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static RetryPolicy policy(double random) {
        return new RetryPolicy(5, Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofMinutes(5), () -> random);
    }

    @Test
    void twoHundredsAreDeliveredAndGoneEndsTheSubscription() {
        assertThat(policy(0).decide(200, 1, T0, T0)).isInstanceOf(RetryPolicy.Delivered.class);
        assertThat(policy(0).decide(204, 3, T0, T0)).isInstanceOf(RetryPolicy.Delivered.class);
        assertThat(policy(0).decide(410, 1, T0, T0)).isInstanceOf(RetryPolicy.Gone.class);
    }

    @Test
    void failuresBackOffExponentiallyWithJitterUpToTheCap() {
        // attempt n waits between half and all of base·2^(n−1), capped at 5 minutes
        assertThat(policy(0).decide(503, 1, T0, T0)).isEqualTo(new RetryPolicy.Retry(T0.plusSeconds(5)));
        assertThat(policy(1).decide(503, 1, T0, T0)).isEqualTo(new RetryPolicy.Retry(T0.plusSeconds(10)));
        assertThat(policy(0).decide(500, 3, T0, T0)).isEqualTo(new RetryPolicy.Retry(T0.plusSeconds(20)));
        assertThat(policy(1).decide(0, 4, T0, T0)).isEqualTo(new RetryPolicy.Retry(T0.plusSeconds(80)));
        assertThat(policy(0.999).delay(40)).isLessThanOrEqualTo(Duration.ofMinutes(5)).isGreaterThanOrEqualTo(Duration.ofSeconds(150));
        assertThat(policy(0).decide(404, 1, T0, T0)).isInstanceOf(RetryPolicy.Retry.class);
        assertThat(policy(0).decide(302, 1, T0, T0)).isInstanceOf(RetryPolicy.Retry.class);
    }

    @Test
    void deliveriesAreDroppedAfterTheLastAttemptOrWhenTooOld() {
        assertThat(policy(0).decide(500, 5, T0, T0)).isInstanceOf(RetryPolicy.Drop.class);
        assertThat(policy(0).decide(500, 2, T0, T0.plus(Duration.ofMinutes(59)).plusSeconds(55)))
                .isInstanceOf(RetryPolicy.Drop.class);
    }
}
