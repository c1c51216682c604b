package org.herald.http.websub;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs one unit of the hub's background work (a verification, an enqueue, a delivery batch) on a fresh, safe
 * duplicated Vert.x context, so that its reactive session is its own and never shared with a request's or another
 * unit's. Failures are logged: background work has no caller to report to.
 */
final class Background {
    private static final Logger LOG = Logger.getLogger(Background.class);

    private Background() {
    }

    static <T> void run(Vertx vertx, String what, Supplier<Uni<T>> work, Consumer<T> done) {
        Context dup = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(dup, true);
        dup.runOnContext(v -> {
            Uni<T> uni;
            try {
                uni = work.get();
            } catch (RuntimeException e) {
                uni = Uni.createFrom().failure(e);
            }
            uni.subscribe().with(done, failure -> {
                LOG.errorf(failure, "WebSub %s failed", what);
                done.accept(null);
            });
        });
    }

    static void run(Vertx vertx, String what, Supplier<Uni<?>> work) {
        run(vertx, what, () -> work.get().replaceWithVoid(), ignored -> { });
    }
}
