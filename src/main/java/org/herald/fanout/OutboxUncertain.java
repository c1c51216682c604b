package org.herald.fanout;

/**
 * Redis did not answer an XADD in time, yet may have queued the batch: the command was sent and only the answer is
 * missing (a slow Redis, a saturated client). The caller must neither send the batch itself (an instance with the
 * link would duplicate what the outbox consumer then sends) nor count it as dropped (issue #6). Distinct from a
 * failure where Redis is unreachable (connection refused or closed, an error reply): nothing was queued then, and
 * the caller falls back.
 */
public final class OutboxUncertain extends RuntimeException {
    public OutboxUncertain(String message) {
        super(message, null, false, false);
    }
}
