package org.herald.service.limits;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One token bucket per {@link RateKey} for one {@link Rate}, in bounded memory. A bucket left alone long enough to be
 * full again is indistinguishable from a new one, so it is forgotten (checked from the least recently used end on
 * every call, amortised O(1)); beyond {@code maxKeys} the least recently used bucket is dropped too, which can only
 * err towards admitting (its key starts again with a full burst). Thread-safe: callers come from every event loop,
 * and the critical section is a few arithmetic operations.
 *
 * <p>Time is a monotonic nanosecond source ({@link System#nanoTime} in production, a fake in tests), so a wall-clock
 * step can neither refill nor drain anyone.
 */
public final class TokenBuckets {
    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    private final Rate rate;
    private final int maxKeys;
    private final LongSupplier nanos;
    private final long idleNanos;
    /** Access-ordered: iteration starts at the bucket touched longest ago. */
    private final LinkedHashMap<RateKey, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true);

    public TokenBuckets(Rate rate, int maxKeys, LongSupplier nanos) {
        if (maxKeys < 1) throw new IllegalArgumentException("maxKeys must be at least 1");
        this.rate = rate;
        this.maxKeys = maxKeys;
        this.nanos = nanos;
        this.idleNanos = rate.off() ? 0 : rate.refillNanos();
    }

    /**
     * Takes one token for {@code key}: {@link Duration#ZERO} when it was there (the request may go ahead), otherwise
     * how long until the next one flows in (the request is refused and nothing is taken).
     */
    public synchronized Duration take(RateKey key) {
        if (rate.off()) return Duration.ZERO;
        long now = nanos.getAsLong();
        forgetIdle(now);
        Bucket b = buckets.get(key);
        if (b == null) {
            if (buckets.size() >= maxKeys) {
                Iterator<Map.Entry<RateKey, Bucket>> eldest = buckets.entrySet().iterator();
                eldest.next();
                eldest.remove();
            }
            b = new Bucket(rate.burst(), now);
            buckets.put(key, b);
        } else {
            long elapsed = Math.max(0, now - b.at);
            b.tokens = Math.min(rate.burst(), b.tokens + elapsed / 1e9 * rate.perSecond());
            b.at = now;
        }
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil((1 - b.tokens) / rate.perSecond() * 1e9));
    }

    /** Buckets held now (for tests and metrics). */
    public synchronized int size() {
        return buckets.size();
    }

    private void forgetIdle(long now) {
        Iterator<Bucket> it = buckets.values().iterator();
        while (it.hasNext()) {
            if (now - it.next().at < idleNanos) return;
            it.remove();
        }
    }
}
