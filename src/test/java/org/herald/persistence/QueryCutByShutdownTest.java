package org.herald.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.testsupport.PrivatePostgres;
import org.herald.testsupport.PrivatePostgres.StopMode;
import org.junit.jupiter.api.Test;

/**
 * A transaction whose statement is running inside PostgreSQL when the server stops, fast or immediately: the
 * requester gets the "try again later" refusal ({@code resource-constraint}), and once PostgreSQL is back the same
 * Herald works again. PostgresRestartIT meets this case only when a publish happens to be in flight at the stop;
 * here the statement is held there deterministically, waiting on a row lock a plain JDBC connection holds. (The
 * related case CI did meet, a statement written to a connection the server had already reset, is a race no test can
 * hold open; StorageOutageTest has the exception it produced.)
 */
@QuarkusTest
@WithTestResource(PrivatePostgresResource.class)
class QueryCutByShutdownTest extends StoreTestSupport {

    @Test
    void aStatementRunningWhenPostgresStopsFastIsRefusedAsAnOutage() throws Exception {
        assertRefusedWhenStoppedUnderAStatement(StopMode.FAST);
    }

    @Test
    void aStatementRunningWhenPostgresStopsImmediatelyIsRefusedAsAnOutage() throws Exception {
        assertRefusedWhenStoppedUnderAStatement(StopMode.IMMEDIATE);
    }

    private void assertRefusedWhenStoppedUnderAStatement(StopMode mode) throws Exception {
        PrivatePostgres postgres = PrivatePostgresResource.postgres();
        String id = createNode("cut-" + mode);
        // a connection of its own, not one of the pool's: a pooled one may still be the previous server's
        Connection holder = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "");
        try {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("select 1 from nodes where id = ? for update")) {
                lock.setString(1, id);
                lock.executeQuery().close();
            }
            CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> txFailure(t -> t.lockNode(id)));
            await("the transaction's statement waits on the row lock").atMost(Duration.ofSeconds(30))
                    .until(this::someoneWaitsForANodeLock);

            postgres.stop(mode);

            Throwable refused = failure.get(30, TimeUnit.SECONDS);
            assertThat(refused).as("what the waiting transaction failed with: %s", chain(refused)).isInstanceOf(PubSubException.class);
            assertThat(((PubSubException) refused).error()).isEqualTo(PubSubError.RESOURCE_CONSTRAINT);
        } finally {
            try {
                holder.close();
            } catch (SQLException alreadyBroken) {
                // nothing to release: the stop ended the session, and closing its dead socket may say so
            }
            if (!postgres.accepts()) postgres.startAgain();
        }
        // the same Herald carries on once PostgreSQL is back: the node is there and can be locked again
        await("a transaction succeeds again").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> tx(t -> t.lockNode(id)).isPresent());
    }

    private static String chain(Throwable t) {
        StringBuilder out = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) out.append(c).append(" <- ");
        return out.toString();
    }

    /** A backend of the private PostgreSQL blocked on a row lock while locking a node. */
    private boolean someoneWaitsForANodeLock() throws SQLException {
        return someoneWaitsForANodeLock(DriverManager.getConnection(PrivatePostgresResource.postgres().jdbcUrl(), "postgres", ""));
    }
}
