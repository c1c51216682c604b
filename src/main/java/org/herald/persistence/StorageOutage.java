package org.herald.persistence;

import io.smallrye.mutiny.CompositeException;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;

/**
 * Tells a PostgreSQL outage (server stopped, restarting, refusing connections, a connection cut under a query) from
 * every other failure, and turns it into the refusal users get: {@link PubSubError#RESOURCE_CONSTRAINT}, which the
 * front-ends' tables put on the wire as XMPP {@code <resource-constraint/>} type {@code wait} and HTTP 503
 * (docs/faults.md says why that one). Nothing was committed when such a failure reaches the caller: the work ran in
 * one transaction, so a refused publish is not stored and may simply be sent again.
 */
public final class StorageOutage {
    /** What the requester reads: no internals, just that trying again later is the remedy. */
    static final String TEXT = "storage temporarily unavailable; try again shortly";

    private StorageOutage() {
    }

    /** Whether {@code failure}, or anything it wraps, says PostgreSQL cannot be reached or is going away. */
    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PubSubException) return false; // a refusal of the core, decided before any outage
            // SocketException covers ConnectException (refused) and "Connection reset" (server gone under a query)
            if (t instanceof SocketException || t instanceof ClosedChannelException
                    || t instanceof ClosedConnectionException || t instanceof TimeoutException) {
                return true;
            }
            if (t instanceof PgException pg && outageState(pg.getSqlState())) return true;
            // Hibernate Reactive replaces a statement's driver exception by a JDBCException over a bare SQLException
            // carrying only the message and SQLSTATE (SqlClientConnection.convertException), so the state is read there too.
            if (t instanceof SQLException sql && outageState(sql.getSQLState())) return true;
            // NIO reports a write to a connection the server has already dropped as a bare IOException ("Connection
            // reset by peer", "Broken pipe"), not as a SocketException: PostgresRestartIT met the first in a publish.
            if (t.getClass() == IOException.class && says(t, "connection reset", "broken pipe")) return true;
            // Vert.x reports a connection closed under a pending query, and a pool wait that ran out, as bare
            // VertxExceptions ("Connection is closed", "Timeout") rather than with types of their own.
            if (t instanceof VertxException && says(t, "closed", "timeout")) return true;
            // A connection the pool handed out as the server went away: "Connection is not active now, current
            // status: CLOSED", a bare NoStackTraceThrowable (no VertxException).
            if (t instanceof NoStackTraceThrowable && says(t, "not active")) return true;
            // Mutiny gathers the failures of a transaction and of its rollback; its cause is only the first of them.
            if (t instanceof CompositeException c && c.getCauses().stream().anyMatch(StorageOutage::is)) return true;
        }
        return false;
    }

    /** Whether {@code t}'s message holds any of {@code words} (lower case), for failures that have no type of their own. */
    private static boolean says(Throwable t, String... words) {
        String message = t.getMessage();
        if (message == null) return false;
        String m = message.toLowerCase(Locale.ROOT);
        for (String w : words) {
            if (m.contains(w)) return true;
        }
        return false;
    }

    /** The refusal for an outage, or the failure unchanged. */
    public static Throwable refusal(Throwable failure) {
        return is(failure) ? PubSubException.of(PubSubError.RESOURCE_CONSTRAINT, TEXT) : failure;
    }

    /**
     * SQLSTATE classes of an unreachable or departing server (PostgreSQL, Appendix A): 08 connection exception,
     * 57P01–57P05 operator intervention (admin/crash shutdown, cannot connect now, idle timeouts), 53 insufficient
     * resources (e.g. too many connections). Everything else (constraint violations, serialisation failures,
     * syntax) is a fault of the request or of Herald, not an outage.
     */
    static boolean outageState(String sqlState) {
        if (sqlState == null) return false;
        return sqlState.startsWith("08") || sqlState.startsWith("53") || sqlState.startsWith("57P");
    }
}
