package org.herald.runtime;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs a unit of reactive work on a fresh, safe duplicated Vert.x context. Hibernate Reactive keeps its session in
 * the current context, so work started here has a session of its own, never shared with a request's, a stream's or
 * another job's (concurrent operations on one session are an error). The result comes back on the caller's context,
 * where the caller's own state lives.
 */
public final class OwnContext {
    private OwnContext() {
    }

    /** Runs {@code work} on a new duplicate of {@code home} and hands its outcome back on {@code home}. */
    public static <T> Uni<T> call(Context home, Supplier<Uni<T>> work) {
        return Uni.createFrom().<T>emitter(em -> {
            Context own = VertxContext.createNewDuplicatedContext(home);
            VertxContextSafetyToggle.setContextSafe(own, true);
            own.runOnContext(v -> {
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

    /** The same from a timer or any thread: the caller's context if it has one, else one of {@code vertx}'s. */
    public static <T> Uni<T> call(Vertx vertx, Supplier<Uni<T>> work) {
        Context caller = Vertx.currentContext();
        return call(caller != null ? caller : vertx.getOrCreateContext(), work);
    }
}
