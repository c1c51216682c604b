package org.herald.http.websub;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * What becomes of a delivery after one attempt. W3C WebSub §7: only a 2xx from the callback is a successful
 * delivery, and the hub retries failed ones up to a reasonable maximum over a reasonable time. A 410 Gone says the callback is gone for good (RFC 9110 §15.5.11), so the subscription ends.
 * Retries back off exponentially with jitter, so callbacks that fail together do not come back in step.
 */
public final class RetryPolicy {

    public sealed interface Decision {
    }

    /** Delivered: forget the delivery. */
    public record Delivered() implements Decision {
    }

    /** The callback is gone: delete the subscription (and its queued deliveries). */
    public record Gone() implements Decision {
    }

    /** Try again at {@code at}. */
    public record Retry(Instant at) implements Decision {
    }

    /** Out of attempts or too old: drop the delivery, log it. */
    public record Drop(String why) implements Decision {
    }

    private final int maxAttempts;
    private final Duration maxAge;
    private final Duration base;
    private final Duration max;
    private final DoubleSupplier random;

    public RetryPolicy(int maxAttempts, Duration maxAge, Duration base, Duration max, DoubleSupplier random) {
        this.maxAttempts = maxAttempts;
        this.maxAge = maxAge;
        this.base = base;
        this.max = max;
        this.random = random;
    }

    /**
     * @param status the callback's HTTP status, or 0 when no response came (refused, timed out, unsafe address)
     * @param attempts attempts made so far, this one included
     * @param created when the delivery was queued
     */
    public Decision decide(int status, int attempts, Instant created, Instant now) {
        if (status >= 200 && status < 300) return new Delivered();
        if (status == 410) return new Gone();
        if (attempts >= maxAttempts) return new Drop("no success after " + attempts + " attempts");
        Instant at = now.plus(delay(attempts));
        if (at.isAfter(created.plus(maxAge))) return new Drop("older than " + maxAge + " by the next attempt");
        return new Retry(at);
    }

    /** base·2^(attempts−1), capped at max; "equal jitter": half of it fixed, the other half random. */
    Duration delay(int attempts) {
        long baseMs = Math.max(1, base.toMillis());
        int shift = Math.min(attempts - 1, 30);
        long full = Math.min(max.toMillis(), baseMs << Math.max(0, shift));
        long half = full / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (full - half)));
    }
}
