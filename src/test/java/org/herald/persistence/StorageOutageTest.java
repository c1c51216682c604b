package org.herald.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.hibernate.HibernateException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

/** Which failures count as a PostgreSQL outage (refused as "try again later") and which stay Herald's own errors. */
class StorageOutageTest {

    @Test
    void failuresSeenWhilePostgresStopsOrStartsAreOutages() {
        // each of these was met by PostgresRestartIT with PostgreSQL stopped (fast, immediate) or starting up
        assertThat(StorageOutage.is(new ConnectException("Connection refused"))).isTrue();
        assertThat(StorageOutage.is(new HibernateException(new SocketException("Connection reset")))).isTrue();
        assertThat(StorageOutage.is(new PgException("terminating connection due to administrator command", "FATAL", "57P01", null))).isTrue();
        assertThat(StorageOutage.is(new PgException("the database system is starting up", "FATAL", "57P03", null))).isTrue();
        assertThat(StorageOutage.is(new PgException("sorry, too many clients already", "FATAL", "53300", null))).isTrue();
        assertThat(StorageOutage.is(new CompletionException(ClosedConnectionException.INSTANCE))).isTrue();
        assertThat(StorageOutage.is(new VertxException("Connection is closed", true))).isTrue();
        // met by PostgresRestartIT in CI and locally: NIO writing a statement to a connection the stopped server had
        // reset throws a plain IOException, which failed an XMPP publish with internal-server-error
        assertThat(StorageOutage.is(new HibernateException(new IOException("Connection reset by peer")))).isTrue();
        assertThat(StorageOutage.is(new IOException("Broken pipe"))).isTrue();
        // Hibernate Reactive's form of a statement's PgException: the SQLSTATE survives, the driver's type does not
        assertThat(StorageOutage.is(new JDBCConnectionException("error executing SQL statement",
                new SQLException("terminating connection due to administrator command", "57P01", 0)))).isTrue();
        assertThat(StorageOutage.is(new GenericJDBCException("error executing SQL statement",
                new SQLException("the database system is shutting down", "57P03", 0)))).isTrue();
        // seen in WebSubDeliveryFaultIT: a transaction and its rollback failing on a connection the server dropped
        Throwable inactive = new io.vertx.core.impl.NoStackTraceThrowable("Connection is not active now, current status: CLOSED");
        assertThat(StorageOutage.is(new io.smallrye.mutiny.CompositeException(
                new IllegalStateException("wrapped", inactive), inactive))).isTrue();
        assertThat(StorageOutage.is(new io.smallrye.mutiny.CompositeException(
                new IllegalStateException("a bug"), new IllegalArgumentException("another")))).isFalse();
    }

    @Test
    void requestAndProgrammingErrorsAreNot() {
        assertThat(StorageOutage.is(new PgException("duplicate key value violates unique constraint", "ERROR", "23505", null))).isFalse();
        assertThat(StorageOutage.is(new PgException("could not serialize access", "ERROR", "40001", null))).isFalse();
        assertThat(StorageOutage.is(new IllegalStateException("bug"))).isFalse();
        assertThat(StorageOutage.is(new ConstraintViolationException("error executing SQL statement",
                new SQLException("duplicate key value violates unique constraint", "23505", 0), "items_pkey"))).isFalse();
        // only the transport's own words make an IOException an outage
        assertThat(StorageOutage.is(new IOException("Stream closed"))).isFalse();
        // a core refusal wrapping anything stays that refusal
        assertThat(StorageOutage.is(PubSubException.of(PubSubError.ITEM_NOT_FOUND))).isFalse();
    }

    @Test
    void anOutageBecomesTheRetryLaterRefusal() {
        Throwable refusal = StorageOutage.refusal(new ConnectException("Connection refused"));
        assertThat(refusal).isInstanceOf(PubSubException.class);
        assertThat(((PubSubException) refusal).error()).isEqualTo(PubSubError.RESOURCE_CONSTRAINT);
        IllegalStateException bug = new IllegalStateException("bug");
        assertThat(StorageOutage.refusal(bug)).isSameAs(bug);
    }
}
