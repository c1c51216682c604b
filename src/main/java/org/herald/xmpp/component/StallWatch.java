package org.herald.xmpp.component;

import java.time.Duration;

/**
 * Decides when a live-looking component link is dead (issue #9): TCP alone cannot tell, since a server that holds the
 * connection open but stopped reading leaves a write queue that never drains (a live link never drops data, so it
 * would wait for ever) and a server that stopped answering leaves a socket that never reads. Two rules:
 * <ul>
 *   <li>data has waited to be written, with none handed to the socket, for {@code stallTimeout}: the server does not
 *       read;</li>
 *   <li>nothing arrived for {@code pingInterval}: the link asks for a sign of life (an XEP-0199 ping); if still
 *       nothing arrives within {@code stallTimeout}, the server does not answer.</li>
 * </ul>
 * Either way the caller closes the socket, and the link reconnects as after any loss. Pure and single-threaded (the
 * connection's event loop); time is passed in as monotonic nanoseconds so that tests can drive it.
 */
final class StallWatch {
    enum Verdict { FINE, PING, WRITE_STALLED, UNANSWERED }

    private final long stallNanos;
    private final long pingNanos;
    private long lastRead;
    private long lastProgress;
    private boolean pinging;
    private long pingSentAt;

    StallWatch(Duration stallTimeout, Duration pingInterval, long now) {
        this.stallNanos = stallTimeout.toNanos();
        this.pingNanos = pingInterval.toNanos();
        this.lastRead = now;
        this.lastProgress = now;
    }

    /** Bytes arrived from the server: it is alive and reading its side of the stream. */
    void read(long now) {
        lastRead = now;
        pinging = false;
    }

    /** Data was handed to the socket (the write queue moved). */
    void progress(long now) {
        lastProgress = now;
    }

    /**
     * @param waiting whether data waits to be written (the backlog holds some or the socket's write queue is full)
     */
    Verdict check(long now, boolean waiting) {
        // the stall clock runs only while something waits: an idle link has nothing to push
        if (!waiting) lastProgress = now;
        else if (now - lastProgress >= stallNanos) return Verdict.WRITE_STALLED;
        if (pinging) return now - pingSentAt >= stallNanos ? Verdict.UNANSWERED : Verdict.FINE;
        if (pingNanos > 0 && now - lastRead >= pingNanos) {
            pinging = true;
            pingSentAt = now;
            return Verdict.PING;
        }
        return Verdict.FINE;
    }

    /** How often the caller should {@link #check}: often enough to act within a fraction of the timeouts. */
    static long periodMillis(Duration stallTimeout, Duration pingInterval) {
        long shortest = pingInterval.isZero() ? stallTimeout.toMillis() : Math.min(stallTimeout.toMillis(), pingInterval.toMillis());
        return Math.max(50, shortest / 4);
    }
}
