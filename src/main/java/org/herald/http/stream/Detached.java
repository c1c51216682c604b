package org.herald.http.stream;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import java.util.function.Supplier;

/**
 * Runs a core call for a stream on a fresh duplicated context, so it has its own Hibernate Reactive session (a
 * stream's own context may have another call under way), and hands the result back on the stream's context,
 * where all of the stream's state lives.
 */
final class Detached {
    private Detached() {
    }

    static <T> Uni<T> call(Context home, Supplier<Uni<T>> work) {
        return Uni.createFrom().<T>emitter(em -> {
            Context dup = VertxContext.createNewDuplicatedContext(home);
            VertxContextSafetyToggle.setContextSafe(dup, true);
            dup.runOnContext(v -> {
                Uni<T> uni;
                try {
                    uni = work.get();
                } catch (RuntimeException e) { // the core validates some arguments before it returns a Uni
                    em.fail(e);
                    return;
                }
                uni.subscribe().with(em::complete, em::fail);
            });
        }).emitOn(task -> home.runOnContext(v -> task.run()));
    }
}
