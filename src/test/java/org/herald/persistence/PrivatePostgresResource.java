package org.herald.persistence;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.herald.testsupport.PrivatePostgres;

/** Points a {@code @QuarkusTest} at a PostgreSQL of its own, which the test may stop and start again. */
public class PrivatePostgresResource implements QuarkusTestResourceLifecycleManager {
    private static volatile PrivatePostgres current;

    static PrivatePostgres postgres() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        current = PrivatePostgres.start();
        return Map.of("quarkus.datasource.reactive.url", current.reactiveUrl(),
                "quarkus.datasource.jdbc.url", current.jdbcUrl());
    }

    @Override
    public void stop() {
        PrivatePostgres pg = current;
        current = null;
        if (pg != null) pg.close();
    }
}
