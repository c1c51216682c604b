package org.herald.http.websub;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.herald.runtime.OwnContext;
import org.jboss.logging.Logger;

/**
 * Runs one unit of the hub's background work (a verification, an enqueue, a delivery batch) on its own context
 * ({@link OwnContext}). Failures are logged: background work has no caller to report to.
 */
final class Background {
    private static final Logger LOG = Logger.getLogger(Background.class);

    private Background() {
    }

    static <T> void run(Vertx vertx, String what, Supplier<Uni<T>> work, Consumer<T> done) {
        OwnContext.call(vertx, work).subscribe().with(done, failure -> {
            LOG.errorf(failure, "WebSub %s failed", what);
            done.accept(null);
        });
    }

    static void run(Vertx vertx, String what, Supplier<Uni<?>> work) {
        run(vertx, what, () -> work.get().replaceWithVoid(), ignored -> { });
    }
}
