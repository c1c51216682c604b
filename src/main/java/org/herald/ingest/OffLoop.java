package org.herald.ingest;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * Runs blocking work (DNS resolution, an HTTP fetch, parsing) on a Vert.x worker thread and resumes on the caller's
 * context, so the event loop never blocks and the caller's reactive session stays on its own thread.
 */
final class OffLoop {
    private OffLoop() {
    }

    static <T> Uni<T> call(Callable<T> work) {
        Context context = Vertx.currentContext();
        if (context == null) throw new IllegalStateException("OffLoop.call needs a Vert.x context");
        // Unordered: independent fetches of one context may run side by side. The future completes on the context.
        return Uni.createFrom().completionStage(() -> context.<T>executeBlocking(work, false).toCompletionStage());
    }
}
