package org.herald.bench;

import io.vertx.core.Promise;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Opens many client connections, at most {@code parallel} under way at a time, and waits until every one is ready
 * (its promise completed) or one failed, within {@code atMost}: the swarms' way to connect thousands of clients
 * without flooding the server's accept queue.
 */
final class Opening {
    private Opening() {
    }

    /** Calls {@code open} {@code n} times, each with a promise it completes when that client is ready. */
    static void bounded(String what, int n, int parallel, Duration atMost, Consumer<Promise<Void>> open) throws Exception {
        Semaphore slots = new Semaphore(parallel);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        CompletableFuture<Void> all = new CompletableFuture<>();
        AtomicInteger done = new AtomicInteger();
        long deadline = System.nanoTime() + atMost.toNanos();
        for (int i = 0; i < n; i++) {
            if (!slots.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException(what + " too slow: " + done.get() + " of " + n);
            }
            if (failed.get() != null) break;
            Promise<Void> one = Promise.promise();
            one.future().onComplete(r -> {
                slots.release();
                if (r.failed()) failed.compareAndSet(null, r.cause());
                if (done.incrementAndGet() == n) all.complete(null);
            });
            open.accept(one);
        }
        if (failed.get() == null) all.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (failed.get() != null) throw new IllegalStateException("a client failed: " + what, failed.get());
    }
}
