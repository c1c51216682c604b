package org.herald.persistence;

import java.util.concurrent.atomic.AtomicBoolean;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.jboss.logging.Logger;

/**
 * How a background job (a sweep, a delivery run, a feed pass) reports its failures. While PostgreSQL is away every
 * tick fails the same way, and a stack trace per tick buries the one line an operator needs: so the first failure
 * that {@link StorageOutage} recognises is one WARN, the next ones are DEBUG, and the first success after them is
 * one INFO. Any other failure is a real error and keeps its stack trace.
 */
public final class OutageLog {
    private final Logger log;
    private final String what;
    private final AtomicBoolean down = new AtomicBoolean();

    /** {@code what} names the job in the lines ("sweep of expired items"). */
    public OutageLog(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** A run failed; {@code message} is the ERROR line of a real failure. */
    public void failed(Throwable failure, String message) {
        if (!passing(failure)) {
            log.error(message, failure);
        } else if (down.compareAndSet(false, true)) {
            log.warnf("%s: storage unavailable (%s); retrying quietly until it is back", what, failure.toString());
        } else {
            log.debugf(failure, "%s: storage still unavailable", what);
        }
    }

    /**
     * An outage as met directly, or as the core already turned it into its refusal (jobs that run core use cases get
     * {@code resource-constraint}, which is also what full queues are: likewise passing, likewise not a bug).
     */
    private static boolean passing(Throwable failure) {
        return StorageOutage.is(failure)
                || failure instanceof PubSubException p && p.error() == PubSubError.RESOURCE_CONSTRAINT;
    }

    /** A run succeeded: ends an outage this job had reported. */
    public void succeeded() {
        if (down.compareAndSet(true, false)) log.infof("%s: storage available again", what);
    }
}
