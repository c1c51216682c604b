package org.herald.service.limits;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;

/**
 * The per-requester rates of publish, subscribe and create, per instance (buckets live in this process's memory;
 * with {@code herald.component.links=one} all XMPP traffic enters through one instance anyway). The core consults it
 * once per use case, whichever front-end the request came through, so the rule is enforced in one place.
 */
public final class RateLimits {
    /** No limits at all (embedding, unit tests of other rules). */
    public static final RateLimits NONE = new RateLimits(Map.of(), 1, System::nanoTime);

    private final Map<LimitedAction, TokenBuckets> buckets = new EnumMap<>(LimitedAction.class);

    /**
     * @param rates the rate of each action; an action left out, or with {@link Rate#OFF}, is not limited
     * @param maxKeys the most requesters tracked per action (bounded memory; see {@link TokenBuckets})
     */
    public RateLimits(Map<LimitedAction, Rate> rates, int maxKeys, LongSupplier nanos) {
        for (LimitedAction a : LimitedAction.values()) {
            Rate r = rates.getOrDefault(a, Rate.OFF);
            if (!r.off()) buckets.put(a, new TokenBuckets(r, maxKeys, nanos));
        }
    }

    /**
     * Counts one {@code action} by {@code key}; refuses it with {@link PubSubError#RATE_LIMITED}, saying when to try
     * again, when the requester's bucket is empty. Every admitted request takes a token, also one the use case then
     * refuses (a missing node still cost a lookup): the limit protects the service from the requester's traffic. A
     * request this check refuses takes nothing.
     */
    public void check(RateKey key, LimitedAction action) {
        TokenBuckets b = buckets.get(action);
        if (b == null) return;
        Duration wait = b.take(key);
        if (wait.isZero()) return;
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000); // Retry-After counts whole seconds (RFC 9110 §10.2.3)
        throw PubSubException.rateLimited(Duration.ofSeconds(seconds),
                "too many " + action.word() + " requests: retry in " + seconds + " s");
    }
}
