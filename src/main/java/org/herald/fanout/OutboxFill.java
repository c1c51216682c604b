package org.herald.fanout;

import java.util.Optional;

/**
 * How full the XMPP outbox is against its cap ({@code herald.fanout.outbox-max-length}), from the length samples
 * the consumer takes every second. Acknowledged batches are deleted at once (XACK + XDEL), so the stream holds only
 * batches not yet sent and acknowledged, and when its length reaches the cap, {@code XADD MAXLEN ~} drops the oldest
 * of them: notifications lost although their items are safe. That must never happen silently, so each change of
 * level is reported once (the caller logs it): near the cap, at the cap (dropping), and back to normal. The way
 * back needs the length under half the cap, so a length hovering around a threshold does not log every second.
 * Pure: no Redis, no clock.
 */
final class OutboxFill {
    /** Share of the cap from which the outbox is reported as near it. */
    static final double NEAR = 0.8;
    /** Share of the cap under which a reported outbox is reported as normal again. */
    static final double CLEAR = 0.5;

    enum Level { NORMAL, NEAR, FULL }

    /** A change of level worth one log line. */
    record Change(Level level, long length, long cap) {
        boolean warning() {
            return level != Level.NORMAL;
        }

        String message() {
            return switch (level) {
                case NEAR -> "The XMPP outbox holds " + length + " unsent notification batches, "
                        + percent() + " of herald.fanout.outbox-max-length (" + cap + "): at the cap Redis drops the "
                        + "oldest of them. Is a component link up and keeping pace?";
                case FULL -> "The XMPP outbox is at herald.fanout.outbox-max-length (" + length + " of " + cap
                        + " batches): Redis is dropping the oldest unsent notifications (the items themselves are "
                        + "stored). Is a component link up and keeping pace?";
                case NORMAL -> "The XMPP outbox is back to " + length + " batches (" + percent() + " of its cap "
                        + cap + ")";
            };
        }

        private String percent() {
            return Math.round(100.0 * length / Math.max(1, cap)) + " %";
        }
    }

    private final long cap;
    private Level level = Level.NORMAL;

    OutboxFill(long cap) {
        this.cap = Math.max(1, cap);
    }

    /** The level after a length sample, and the change to report if the level moved. */
    Optional<Change> sample(long length) {
        Level next;
        if (length >= cap) next = Level.FULL;
        else if (level == Level.NORMAL) next = length >= NEAR * cap ? Level.NEAR : Level.NORMAL;
        else if (length < CLEAR * cap) next = Level.NORMAL;
        else if (level == Level.FULL && length < NEAR * cap) next = Level.NEAR;
        else next = level; // approximate trimming keeps a full stream just around the cap: still the same episode
        if (next == level) return Optional.empty();
        boolean quiet = level == Level.FULL && next == Level.NEAR; // draining, and reported already
        level = next;
        return quiet ? Optional.empty() : Optional.of(new Change(next, length, cap));
    }

    Level level() {
        return level;
    }
}
