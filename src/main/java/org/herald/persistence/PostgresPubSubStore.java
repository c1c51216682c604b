package org.herald.persistence;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;
import org.herald.service.port.PubSubStore;
import org.herald.service.port.StoreTx;

/**
 * The {@link PubSubStore} on PostgreSQL through Hibernate Reactive. Must be called on a Vert.x context (as
 * request handlers are); the schema is Flyway's {@code db/migration}.
 *
 * <p>Hibernate Reactive keeps the session in the current Vert.x context, so an inTransaction started inside
 * another one on the same context joins the outer transaction rather than opening a second one.
 */
@ApplicationScoped
public class PostgresPubSubStore implements PubSubStore {

    private final Mutiny.SessionFactory sessionFactory;

    PostgresPubSubStore(Mutiny.SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    @Override
    public <T> Uni<T> inTransaction(Function<StoreTx, Uni<T>> work) {
        // deferred: a work function that throws instead of returning a failed Uni still rolls back.
        // A PostgreSQL outage becomes the core's "try again later" refusal, so both front-ends answer it through their
        // one error table (XMPP wait/resource-constraint, HTTP 503) instead of as an internal error (docs/faults.md).
        return sessionFactory.withTransaction((session, tx) ->
                        Uni.createFrom().deferred(() -> work.apply(new HibernateStoreTx(session))))
                .onFailure(StorageOutage::is).transform(StorageOutage::refusal);
    }
}
