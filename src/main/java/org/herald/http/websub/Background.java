package org.herald.http.websub;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.herald.persistence.OutageLog;
import org.herald.runtime.OwnContext;
import org.jboss.logging.Logger;

/**
 * Runs one unit of the hub's background work (a verification, an enqueue, a delivery batch) on its own context
 * ({@link OwnContext}). Failures are logged: background work has no caller to report to; a PostgreSQL outage once
 * per kind of work, not on every attempt ({@link OutageLog}).
 */
final class Background {
    private static final Logger LOG = Logger.getLogger(Background.class);

    private static final Map<String, OutageLog> OUTAGES = new ConcurrentHashMap<>();

    private Background() {
    }

    static <T> void run(Vertx vertx, String what, Supplier<Uni<T>> work, Consumer<T> done) {
        OutageLog outage = OUTAGES.computeIfAbsent(what, w -> new OutageLog(LOG, "WebSub " + w));
        OwnContext.call(vertx, work).subscribe().with(result -> {
            outage.succeeded();
            done.accept(result);
        }, failure -> {
            outage.failed(failure, "WebSub " + what + " failed");
            done.accept(null);
        });
    }

    static void run(Vertx vertx, String what, Supplier<Uni<?>> work) {
        run(vertx, what, () -> work.get().replaceWithVoid(), ignored -> { });
    }
}
