package org.herald.service.limits;

/**
 * A token bucket's shape: {@code perSecond} tokens flow back each second up to {@code burst}; a request takes one.
 * A rate of 0 (or a burst of 0) switches the limit off.
 */
public record Rate(double perSecond, int burst) {
    public static final Rate OFF = new Rate(0, 0);

    public Rate {
        if (perSecond < 0 || Double.isNaN(perSecond) || Double.isInfinite(perSecond) || burst < 0) {
            throw new IllegalArgumentException("a rate needs 0 <= rate (finite) and 0 <= burst, got " + perSecond + "/" + burst);
        }
    }

    public boolean off() {
        return perSecond == 0 || burst == 0;
    }

    /** Nanoseconds a drained bucket takes to be full again: an idle bucket older than that is as good as new. */
    long refillNanos() {
        return (long) Math.ceil(burst / perSecond * 1e9);
    }
}
